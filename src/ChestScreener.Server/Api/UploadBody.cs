using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ChestScreener.Server.Api;

/// <summary>Documents the upload's multipart body in OpenAPI (the endpoint reads the stream itself, so nothing is inferred).</summary>
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
        return Task.CompletedTask;
    }
}
