using System.Text.Json;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;
using ChestScreener.Results;

namespace ChestScreener.Core.Tests.Results;

/// <summary>The typed status and verdict write exactly the strings result.json always had, and read only those back.</summary>
public class ResultContractTests
{
    [Theory]
    [InlineData(ResultStatus.Ok, "ok")]
    [InlineData(ResultStatus.Rejected, "rejected")]
    [InlineData(ResultStatus.Failed, "failed")]
    public void Status_round_trips_to_its_exact_wire_string(ResultStatus status, string wire)
    {
        Assert.Equal(wire, status.ToWire());
        Assert.Equal(status, ResultStatuses.TryFromWire(wire));
        var json = JsonSerializer.Serialize(status, ResultJson.Options);
        Assert.Equal($"\"{wire}\"", json);
        Assert.Equal(status, JsonSerializer.Deserialize<ResultStatus>(json, ResultJson.Options));
        // Also without the result options: the converter belongs to the type (the server's JSON options, anonymous objects).
        Assert.Equal($"\"{wire}\"", JsonSerializer.Serialize(status));
    }

    [Theory]
    [InlineData(Verdict.Normal, "normal")]
    [InlineData(Verdict.Pathology, "pathology")]
    public void Verdict_round_trips_to_its_exact_wire_string(Verdict verdict, string wire)
    {
        Assert.Equal(wire, verdict.ToWire());
        Assert.Equal(verdict, Verdicts.TryFromWire(wire));
        var json = JsonSerializer.Serialize(verdict, ResultJson.Options);
        Assert.Equal($"\"{wire}\"", json);
        Assert.Equal(verdict, JsonSerializer.Deserialize<Verdict>(json, ResultJson.Options));
        Assert.Equal($"\"{wire}\"", JsonSerializer.Serialize(verdict));
    }

    [Fact]
    public void Every_enum_value_has_a_distinct_wire_name()
    {
        var statuses = Enum.GetValues<ResultStatus>().Select(s => s.ToWire()).ToList();
        var verdicts = Enum.GetValues<Verdict>().Select(v => v.ToWire()).ToList();
        Assert.Equal(["ok", "rejected", "failed"], statuses);
        Assert.Equal(["normal", "pathology"], verdicts);
    }

    [Theory]
    [InlineData("\"Ok\"")]
    [InlineData("\"OK\"")]
    [InlineData("\"done\"")]
    [InlineData("0")]
    [InlineData("null")]
    public void Unknown_or_numeric_status_is_an_error_not_a_default(string json)
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ResultStatus>(json, ResultJson.Options));
    }

    [Theory]
    [InlineData("\"Pathology\"")]
    [InlineData("\"needs review\"")]
    [InlineData("1")]
    public void Unknown_or_numeric_verdict_is_an_error(string json)
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Verdict>(json, ResultJson.Options));
    }

    [Fact]
    public void A_result_file_is_byte_identical_to_the_string_typed_form()
    {
        // The exact text a result.json of the string-typed contract had for these fields (indented, snake_case).
        var ok = ResultJson.Serialize(new StudyResult { Input = "a", Verdict = Verdict.Pathology, ProbabilityOfPathology = 0.75 });
        Assert.Contains("\n  \"status\": \"ok\",\n", ok);
        Assert.Contains("\n  \"verdict\": \"pathology\",\n", ok);
        var rejected = ResultJson.Serialize(StudyResult.Rejected("b", new ScreenerException(RejectionCode.NotCt, "MR")));
        Assert.Contains("\n  \"status\": \"rejected\",\n", rejected);
        Assert.DoesNotContain("verdict", rejected);
        var failed = StudyResult.Rejected("c", new ScreenerException(RejectionCode.StorageFull, "disk"));
        Assert.Equal(ResultStatus.Failed, failed.Status);

        // And a file written before the change reads back to the typed values.
        var old = ResultJson.Deserialize("{\"schema\":\"chestscreener.result/1\",\"input\":\"x\",\"status\":\"ok\",\"verdict\":\"normal\",\"timing_s\":{},\"warnings\":[]}");
        Assert.Equal((ResultStatus.Ok, Verdict.Normal), (old.Status, old.Verdict));
        Assert.Equal(ok, ResultJson.Serialize(ResultJson.Deserialize(ok)));
    }

    [Theory]
    [InlineData(RejectionCode.NotCt, ResultStatus.Rejected)]
    [InlineData(RejectionCode.TooLarge, ResultStatus.Rejected)]
    [InlineData(RejectionCode.InternalError, ResultStatus.Failed)]
    [InlineData(RejectionCode.StorageFull, ResultStatus.Failed)]
    [InlineData(RejectionCode.TooManyAttempts, ResultStatus.Failed)]
    public void Rejection_code_decides_rejected_or_failed(RejectionCode code, ResultStatus expected)
    {
        Assert.Equal(expected, ResultStatuses.Of(code));
    }

    [Fact]
    public void Stage_names_are_the_timing_keys_in_pipeline_order_with_rising_progress()
    {
        Assert.Equal(["load", "anatomy", "model", "findings", "report"], StageNames.All);
        var starts = StageNames.All.Select(StageNames.TypicalStartPercent).ToList();
        Assert.Equal([0, 15, 30, 85, 90], starts);
        Assert.Equal(0, StageNames.TypicalStartPercent("unknown"));
    }

    [Fact]
    public void Json_schema_lists_the_allowed_values()
    {
        // What the server's OpenAPI document is built from: the result's status and verdict as string enums, not "anything".
        var options = new JsonSerializerOptions(ResultJson.Options) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };
        var schema = options.GetJsonSchemaAsNode(typeof(StudyResult))["properties"]!;
        Assert.Equal("""["ok","rejected","failed"]""", schema["status"]!["enum"]!.ToJsonString());
        Assert.Equal("""["normal","pathology",null]""", schema["verdict"]!["enum"]!.ToJsonString());
    }
}
