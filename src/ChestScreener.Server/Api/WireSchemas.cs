using System.Reflection;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ChestScreener.Server.Api;

/// <summary>
/// Makes the OpenAPI schemas say what the wire carries, so that the viewer's types generated from them are exact:
/// numbers are plain numbers (the serializer may read "NaN" but the API writes finite numbers), a nullable value type
/// may be null, and a property is required when it is always written (not left out when null).
/// </summary>
public static class WireSchemas
{
    public static Task Transform(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken _)
    {
        var type = context.JsonTypeInfo.Type;
        var underlying = Nullable.GetUnderlyingType(type);
        if ((underlying ?? type) is var t && (t == typeof(double) || t == typeof(float)))
        {
            schema.AnyOf = null;
            schema.Type = underlying is null ? JsonSchemaType.Number : JsonSchemaType.Number | JsonSchemaType.Null;
        }
        if (schema.Properties is { Count: > 0 })
        {
            foreach (var p in context.JsonTypeInfo.Properties)
            {
                if (!schema.Properties.ContainsKey(p.Name) || OmittedWhenNull(p.AttributeProvider)) continue;
                (schema.Required ??= new HashSet<string>()).Add(p.Name);
            }
        }
        return Task.CompletedTask;
    }

    private static bool OmittedWhenNull(ICustomAttributeProvider? member) =>
        member?.GetCustomAttributes(typeof(JsonIgnoreAttribute), true).OfType<JsonIgnoreAttribute>()
            .Any(a => a.Condition is JsonIgnoreCondition.WhenWritingNull or JsonIgnoreCondition.WhenWritingDefault) == true;
}
