namespace ChestScreener.Dicom.Output;

/// <summary>SR content items (TEXT, CODE, NUM, IMAGE, CONTAINER) and the codes the ChestScreener report uses.</summary>
public static class SrContent
{
    /// <summary>Private coding scheme of ChestScreener's own concepts (the "99" prefix marks a private scheme).</summary>
    public const string Scheme = "99CHSCR";

    public static DicomDataSet Concept(string value, string meaning) => DicomDataSet.Code(value, Scheme, meaning);

    public static DicomDataSet Text(string relationship, DicomDataSet concept, string value) =>
        Item(relationship, "TEXT", concept).Add(DicomTags.TextValue, "UT", value);

    public static DicomDataSet Code(string relationship, DicomDataSet concept, DicomDataSet code) =>
        Item(relationship, "CODE", concept).AddSequence(DicomTags.ConceptCodeSequence, code);

    /// <summary>A NUM item; <paramref name="ucum"/> is the UCUM unit code, <paramref name="unitMeaning"/> its meaning.</summary>
    public static DicomDataSet Num(string relationship, DicomDataSet concept, double value, string ucum, string unitMeaning) =>
        Item(relationship, "NUM", concept).AddSequence(DicomTags.MeasuredValueSequence, new DicomDataSet()
            .AddSequence(DicomTags.MeasurementUnitsCodeSequence, DicomDataSet.Code(ucum, "UCUM", unitMeaning))
            .Add(DicomTags.NumericValue, "DS", DicomDataSet.Ds(value)));

    public static DicomDataSet Image(string relationship, DicomDataSet concept, Imaging.SourceImage image) =>
        Item(relationship, "IMAGE", concept).AddSequence(DicomTags.ReferencedSopSequence, DicomFileWriter.Reference(image));

    public static DicomDataSet Container(string relationship, DicomDataSet concept, IEnumerable<DicomDataSet> children) =>
        Item(relationship, "CONTAINER", concept)
            .Add(DicomTags.ContinuityOfContent, "CS", "SEPARATE")
            .AddSequence(DicomTags.ContentSequence, [.. children]);

    private static DicomDataSet Item(string relationship, string valueType, DicomDataSet concept) => new DicomDataSet()
        .Add(DicomTags.RelationshipType, "CS", relationship)
        .Add(DicomTags.ValueType, "CS", valueType)
        .AddSequence(DicomTags.ConceptNameCodeSequence, concept);
}
