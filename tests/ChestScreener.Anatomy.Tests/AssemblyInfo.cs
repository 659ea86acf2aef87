// One test sets the TotalSegmentator environment variable that AnatomyAnalyzer.Analyze reads; running the classes one
// after another keeps it from leaking into the others (the machine has two cores, so little is lost).
[assembly: CollectionBehavior(DisableTestParallelization = true)]
