using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ChestScreener.Server.Api;

/// <summary>Documents the upload's multipart body and Idempotency-Key header in OpenAPI (the endpoint reads the stream itself, so nothing is inferred).</summary>
public static class UploadBody
{
    public static Task Describe(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var files = new OpenApiSchema
        {
            Type = JsonSchemaType.Array,
            Items = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" },
            Description = "DICOM files (a folder's files, names may carry their relative path), or one .zip, or one .nii/.nii.gz",
        };
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["multipart/form-data"] = new()
                {
                    Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Properties = new Dictionary<string, IOpenApiSchema> { ["files"] = files },
                    },
                },
            },
        };
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = Uploads.IdempotencyKey.Header,
            In = ParameterLocation.Header,
            Required = false,
            Description = "Optional upload id chosen by the client (1-255 visible ASCII characters, unique per caller): sending the same upload "
                + "again with the same key returns the first upload's study (202, Idempotent-Replayed: true) instead of analysing it twice.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = Uploads.IdempotencyKey.MaxLength },
        });
        return Task.CompletedTask;
    }
}
