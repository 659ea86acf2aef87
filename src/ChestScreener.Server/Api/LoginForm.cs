using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChestScreener.Server.Api;

/// <summary>
/// Reads the login body: JSON {name, password} (the viewer) or an HTML form (application/x-www-form-urlencoded or
/// multipart/form-data with fields name and password). A form sent by a browser from another site is refused (login CSRF:
/// a foreign page must not log the browser in under the attacker's account); a form without Origin or Sec-Fetch-Site
/// (curl, scripts) is accepted.
/// </summary>
public static class LoginForm
{
    public static async Task<(LoginRequest? Body, ProblemHttpResult? Refused)> ReadAsync(HttpContext http)
    {
        var request = http.Request;
        if (request.HasJsonContentType())
        {
            try
            {
                var body = await request.ReadFromJsonAsync<LoginRequest>(http.RequestAborted);
                return body is null ? (null, Malformed()) : (body, null);
            }
            catch (JsonException)
            {
                return (null, Malformed());
            }
        }
        if (request.HasFormContentType)
        {
            if (FromAnotherSite(request))
                return (null, Problems.Make(StatusCodes.Status403Forbidden, Problems.Forbidden, "Cross-site login refused",
                    "a login form must be sent from this server's own pages"));
            try
            {
                var form = await request.ReadFormAsync(http.RequestAborted);
                return (new LoginRequest(form["name"].FirstOrDefault(), form["password"].FirstOrDefault()), null);
            }
            catch (InvalidDataException)
            {
                return (null, Malformed());
            }
        }
        return (null, Problems.Make(StatusCodes.Status415UnsupportedMediaType, Problems.BadRequest, "Unsupported login body",
            "send application/json {\"name\": ..., \"password\": ...} or an application/x-www-form-urlencoded form with name and password"));
    }

    private static ProblemHttpResult Malformed() =>
        Problems.Make(StatusCodes.Status400BadRequest, Problems.MalformedRequest, "Malformed login body", "the login body could not be read");

    // Browsers send Sec-Fetch-Site and Origin with every form POST; only their own origin may post the login form.
    private static bool FromAnotherSite(HttpRequest request)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0 && site is not ("same-origin" or "none")) return true;
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0) return false;
        return !Uri.TryCreate(origin, UriKind.Absolute, out var uri) || !string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }
}
