using System.Text;
using LibraryTraining.Media;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace LibraryTraining.Functions.Media;

/// <summary>One file in a multipart upload, with the form fields sent before it.</summary>
public sealed record UploadedFile(string? FileName, Stream Content, IReadOnlyDictionary<string, string> Fields);

/// <summary>
/// Reads multipart/form-data as a stream, section by section: small form fields into a dictionary, and
/// each file handed over as the request's own stream, never buffered. Send fields before the files.
/// Works the same under the Functions host's ASP.NET Core integration and the local runner.
/// </summary>
public static class MultipartUpload
{
    const int MaxFieldBytes = 4 * 1024;
    const int MaxFields = 20;
    /// <summary>Room for the boundaries, headers and fields around the files.</summary>
    const long Overhead = 64 * 1024;

    public static async Task<IReadOnlyDictionary<string, string>> ReadAsync(HttpRequest request, long maxFileBytes, int maxFiles,
        Func<UploadedFile, Task> onFile, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
        {
            throw new MediaRejectedException(415, "not-multipart", "Send the file as multipart/form-data (an HTML form with enctype=\"multipart/form-data\", or curl -F file=@name).");
        }
        if (request.ContentLength is { } declared && declared > maxFileBytes * maxFiles + Overhead)
        {
            throw MediaRejectedException.TooLarge(maxFileBytes);
        }
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var files = 0;
        var reader = new MultipartReader(boundary, request.Body) { HeadersLengthLimit = 16 * 1024, HeadersCountLimit = 16 };
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
                {
                    throw new MediaRejectedException(400, "bad-multipart", "Each part of the form needs a Content-Disposition: form-data header.");
                }
                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
                if (disposition.IsFileDisposition())
                {
                    var fileName = disposition.FileNameStar.HasValue ? disposition.FileNameStar.Value : HeaderUtilities.RemoveQuotes(disposition.FileName).Value;
                    if (++files > maxFiles)
                    {
                        throw new MediaRejectedException(400, "too-many-files", $"Send at most {maxFiles} files at once.");
                    }
                    await onFile(new UploadedFile(fileName, section.Body, fields));
                }
                else
                {
                    if (fields.Count >= MaxFields)
                    {
                        throw new MediaRejectedException(400, "too-many-fields", $"The form has more than {MaxFields} fields.");
                    }
                    fields[name] = await ReadFieldAsync(section.Body, cancellationToken);
                }
            }
        }
        catch (BadHttpRequestException e)
        {
            throw new MediaRejectedException(e.StatusCode, e.StatusCode == 413 ? "too-large" : "bad-request", e.StatusCode == 413 ? "The upload is too large." : "The request is malformed.");
        }
        catch (IOException)
        {
            // The body ended before the closing boundary: the upload was cut off on the way.
            throw new MediaRejectedException(400, "incomplete-upload", "The upload was cut off before it finished; nothing was stored. Send it again.");
        }
        catch (InvalidDataException)
        {
            throw new MediaRejectedException(400, "bad-multipart", "The form data is malformed (multipart headers too long or broken).");
        }
        if (files == 0)
        {
            throw new MediaRejectedException(400, "no-file", "No file came with the form: choose a file and send it again.");
        }
        return fields;
    }

    static async Task<string> ReadFieldAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxFieldBytes + 1];
        var total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer.AsMemory(total), cancellationToken)) > 0)
        {
            total += read;
            if (total > MaxFieldBytes)
            {
                throw new MediaRejectedException(400, "field-too-long", $"A form field is longer than {MaxFieldBytes} bytes.");
            }
        }
        return Encoding.UTF8.GetString(buffer, 0, total);
    }
}
