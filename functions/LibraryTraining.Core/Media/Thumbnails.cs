using SkiaSharp;

namespace LibraryTraining.Media;

/// <summary>
/// Gallery thumbnails: JPEG, 480 pixels on the long side, turned upright by the photo's EXIF orientation.
/// JPEGs are decoded already scaled down (1/2, 1/4 or 1/8), so a 12-megapixel photo costs a few MB, not
/// 48. At most two decodes run at once, which bounds the memory a burst of uploads can take. HEIC is
/// not decoded here: Skia on Linux has no HEVC decoder, so HEIC photos are kept without a thumbnail.
/// </summary>
public static class Thumbnails
{
    public const int LongSide = 480;
    public const string ContentType = "image/jpeg";
    static readonly SemaphoreSlim Decoders = new(2);

    /// <summary>The thumbnail's bytes, or null when the picture cannot be decoded.</summary>
    public static async Task<byte[]?> MakeAsync(Stream source, CancellationToken cancellationToken)
    {
        await Decoders.WaitAsync(cancellationToken);
        try
        {
            return await Task.Run(() => Make(source), cancellationToken);
        }
        finally
        {
            Decoders.Release();
        }
    }

    static byte[]? Make(Stream source)
    {
        using var codec = SKCodec.Create(source, out var opened);
        if (codec is null || opened != SKCodecResult.Success)
        {
            return null;
        }
        var full = codec.Info;
        var scale = Math.Min(1f, (float)LongSide / Math.Max(full.Width, full.Height));
        var scaled = codec.GetScaledDimensions(scale);
        var decodeInfo = new SKImageInfo(scaled.Width, scaled.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var decoded = new SKBitmap(decodeInfo);
        var result = codec.GetPixels(decodeInfo, decoded.GetPixels());
        if (result != SKCodecResult.Success)
        {
            return null;
        }
        var ratio = Math.Min(1.0, (double)LongSide / Math.Max(scaled.Width, scaled.Height));
        var size = new SKImageInfo(Math.Max(1, (int)Math.Round(scaled.Width * ratio)), Math.Max(1, (int)Math.Round(scaled.Height * ratio)), SKColorType.Rgba8888, SKAlphaType.Premul);
        using var resized = decoded.Resize(size, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear)) ?? decoded.Copy();
        using var upright = Upright(resized, codec.EncodedOrigin);
        using var image = SKImage.FromBitmap(upright);
        using var jpeg = image.Encode(SKEncodedImageFormat.Jpeg, 80);
        return jpeg?.ToArray();
    }

    static SKBitmap Upright(SKBitmap bitmap, SKEncodedOrigin origin)
    {
        if (origin == SKEncodedOrigin.TopLeft)
        {
            return bitmap.Copy();
        }
        var swap = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var result = new SKBitmap(swap ? bitmap.Height : bitmap.Width, swap ? bitmap.Width : bitmap.Height);
        using var canvas = new SKCanvas(result);
        var (w, h) = (bitmap.Width, bitmap.Height);
        switch (origin)
        {
            case SKEncodedOrigin.TopRight: canvas.Scale(-1, 1, w / 2f, 0); break;
            case SKEncodedOrigin.BottomRight: canvas.RotateDegrees(180, w / 2f, h / 2f); break;
            case SKEncodedOrigin.BottomLeft: canvas.Scale(1, -1, 0, h / 2f); break;
            case SKEncodedOrigin.LeftTop: canvas.Translate(h, 0); canvas.RotateDegrees(90); canvas.Scale(1, -1, 0, h / 2f); break;
            case SKEncodedOrigin.RightTop: canvas.Translate(h, 0); canvas.RotateDegrees(90); break;
            case SKEncodedOrigin.RightBottom: canvas.Translate(0, w); canvas.RotateDegrees(-90); canvas.Scale(1, -1, 0, h / 2f); break;
            case SKEncodedOrigin.LeftBottom: canvas.Translate(0, w); canvas.RotateDegrees(-90); break;
        }
        canvas.DrawBitmap(bitmap, 0, 0);
        return result;
    }
}
