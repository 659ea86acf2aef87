using System.Text.Json;
using ChestScreener.Results;

namespace ChestScreener.Core.Tests.Results;

/// <summary>result.json `scored`: the decision block's margins, on the wire and in words.</summary>
public class ScoredRegionTests
{
    [Fact]
    public void Lung_field_rule_names_its_margins_and_what_is_not_assessed()
    {
        var s = ScoredRegion.From(airwayMarginMm: 6, lungMarginMm: 10);
        Assert.Equal((ScoredRegion.LungFields, 10.0, 6.0), (s.Kind, s.LungMarginMm!.Value, s.AirwayMarginMm!.Value));
        Assert.Contains("the lungs and 10 mm around them", s.Description);
        Assert.Contains("Mediastinum, heart, chest wall", s.Description);
        Assert.Contains("Trachea and main bronchi with 6 mm around them are not scored", s.Description);
    }

    [Fact]
    public void Rules_that_are_off_are_null_and_unsaid()
    {
        var body = ScoredRegion.From(airwayMarginMm: -1, lungMarginMm: -1);
        Assert.Equal(ScoredRegion.Body, body.Kind);
        Assert.Null(body.LungMarginMm);
        Assert.Null(body.AirwayMarginMm);
        Assert.Equal("Scored: the whole body in the scan.", body.Description);
        var lungsOnly = ScoredRegion.From(airwayMarginMm: -1, lungMarginMm: 0);
        Assert.StartsWith("Scored: the lungs only.", lungsOnly.Description);
        Assert.DoesNotContain("Trachea", lungsOnly.Description);
        Assert.DoesNotContain("mediastinum and heart is not scored", lungsOnly.Description);
        var banded = ScoredRegion.From(airwayMarginMm: 6, lungMarginMm: 0, mediastinumMarginMm: 9);
        Assert.EndsWith("Lung within 9 mm of the mediastinum and heart is not scored.", banded.Description);
    }

    [Fact]
    public void Wire_form_is_snake_case_and_absent_on_rejections()
    {
        var ok = new StudyResult { Scored = ScoredRegion.From(6, 10) };
        using var doc = JsonDocument.Parse(JsonSerializer.Serialize(ok, ResultJson.Options));
        var scored = doc.RootElement.GetProperty("scored");
        Assert.Equal("lung_fields", scored.GetProperty("kind").GetString());
        Assert.Equal(10, scored.GetProperty("lung_margin_mm").GetDouble());
        Assert.Equal(6, scored.GetProperty("airway_margin_mm").GetDouble());
        Assert.False(JsonDocument.Parse(JsonSerializer.Serialize(new StudyResult(), ResultJson.Options)).RootElement.TryGetProperty("scored", out _));
        Assert.Equal(ok.Scored, JsonSerializer.Deserialize<StudyResult>(JsonSerializer.Serialize(ok, ResultJson.Options), ResultJson.Options)!.Scored);
    }
}
