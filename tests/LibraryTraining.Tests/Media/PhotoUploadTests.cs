using System.IO.Compression;
using System.Net;
using System.Text.Json;
using LibraryTraining.Media;
using LibraryTraining.Storage;
using LibraryTraining.Tests.Enrolment;
using LibraryTraining.Tests.Infrastructure;
using MetadataExtractor;
using MetadataExtractor.Formats.Exif;
using SkiaSharp;

namespace LibraryTraining.Tests.Media;

/// <summary>Photos over real HTTP on the local runner, against Azurite: what is kept, what is refused, and that a refusal stores nothing.</summary>
[Collection(MediaCollection.Name)]
public sealed class PhotoUploadTests(RunnerFixture runner)
{
    [Fact]
    public async Task OrganiserUpload_JpegWithGps_IsKeptWithoutGpsOrXmp_KeepsOrientationAndCamera_AndGetsAThumbnail()
    {
        var (id, _, _) = await runner.ProgrammeAsync(accepted: 0);
        var original = TestImages.JpegWithGps();
        Assert.Contains(ImageMetadataReader.ReadMetadata(new MemoryStream(original)), d => d is GpsDirectory);

        using var form = MediaRunner.File("พิธีเปิด.jpg", original, "photo", ("sessionId", "d1s1"));
        var response = await runner.Http.PostAsync($"api/programmes/{id}/photos", form);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var photo = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("photos")[0];
        Assert.True(photo.GetProperty("gpsRemoved").GetBoolean());
        Assert.Equal("d1s1", photo.GetProperty("sessionId").GetString());
        Assert.Equal("พิธีเปิด.jpg", photo.GetProperty("fileName").GetString());
        Assert.Equal((640, 480), (photo.GetProperty("width").GetInt32(), photo.GetProperty("height").GetInt32()));

        var stored = await runner.BlobAsync(StorageTables.PhotosContainer, $"{id}/{photo.GetProperty("id").GetString()}");
        var metadata = ImageMetadataReader.ReadMetadata(new MemoryStream(stored));
        Assert.DoesNotContain(metadata, d => d is GpsDirectory);
        Assert.False(TestImages.Contains(stored, TestImages.LatitudeSeconds));
        Assert.False(TestImages.Contains(stored, "GPSLatitude"u8.ToArray())); // the XMP copy is gone too
        var ifd0 = metadata.OfType<ExifIfd0Directory>().Single();
        Assert.Equal("TestCam", ifd0.GetString(ExifDirectoryBase.TagMake));
        Assert.Equal(6, ifd0.GetInt32(ExifDirectoryBase.TagOrientation));
        using (var decoded = SKBitmap.Decode(stored))
        {
            Assert.Equal(640, decoded.Width); // still a whole, decodable picture
        }

        // The thumbnail is upright (orientation 6 turns 640×480 into 480 wide, 640 tall), at most 480 px.
        var thumb = await runner.Http.GetAsync($"api/programmes/{id}/photos/{photo.GetProperty("id").GetString()}?size=thumb");
        Assert.Equal("image/jpeg", thumb.Content.Headers.ContentType!.MediaType);
        using var small = SKBitmap.Decode(await thumb.Content.ReadAsByteArrayAsync());
        Assert.True(small.Width <= 480 && small.Height <= 480 && small.Height > small.Width, $"{small.Width}x{small.Height}");
    }

    [Theory]
    [InlineData("png")]
    [InlineData("webp")]
    public async Task OrganiserUpload_PngOrWebPWithGpsExif_IsKeptWithoutGps_WithAThumbnail(string kind)
    {
        var (id, _, _) = await runner.ProgrammeAsync(accepted: 0);
        var original = kind == "png" ? TestImages.PngWithGps() : TestImages.WebPWithGps();
        Assert.True(TestImages.Contains(original, TestImages.LatitudeSeconds));

        using var form = MediaRunner.File($"visit.{kind}", original);
        var response = await runner.Http.PostAsync($"api/programmes/{id}/photos", form);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var photo = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("photos")[0];
        Assert.Equal($"image/{kind}", photo.GetProperty("contentType").GetString());
        Assert.True(photo.GetProperty("gpsRemoved").GetBoolean());
        Assert.True(photo.GetProperty("thumbnail").GetBoolean());
        var photoId = photo.GetProperty("id").GetString();

        var stored = await runner.BlobAsync(StorageTables.PhotosContainer, $"{id}/{photoId}");
        Assert.False(TestImages.Contains(stored, TestImages.LatitudeSeconds));
        Assert.DoesNotContain(ImageMetadataReader.ReadMetadata(new MemoryStream(stored)), d => d is GpsDirectory);
        using (var decoded = SKBitmap.Decode(stored))
        {
            Assert.Equal(320, decoded.Width);
        }
        var thumbnail = await runner.BlobAsync(StorageTables.PhotosContainer, $"{id}/{photoId}.thumb.jpg");
        using var small = SKBitmap.Decode(thumbnail);
        Assert.Equal(320, Math.Max(small.Width, small.Height)); // upright by the EXIF orientation where the decoder reads it
    }

    [Fact]
    public async Task OrganiserUpload_Heic_IsKeptWithItsGpsBlankedAndNoThumbnail()
    {
        var (id, _, _) = await runner.ProgrammeAsync(accepted: 0);
        var original = TestImages.HeicWithGps();
        using var form = MediaRunner.File("IMG_0001.HEIC", original);
        var response = await runner.Http.PostAsync($"api/programmes/{id}/photos", form);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var photo = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("photos")[0];
        Assert.Equal("image/heic", photo.GetProperty("contentType").GetString());
        Assert.Equal((4032, 3024), (photo.GetProperty("width").GetInt32(), photo.GetProperty("height").GetInt32()));
        Assert.True(photo.GetProperty("gpsRemoved").GetBoolean());
        Assert.False(photo.GetProperty("thumbnail").GetBoolean());

        var stored = await runner.BlobAsync(StorageTables.PhotosContainer, $"{id}/{photo.GetProperty("id").GetString()}");
        Assert.Equal(original.Length, stored.Length); // cleaned in place: every box and offset where it was
        Assert.False(TestImages.Contains(stored, TestImages.LatitudeSeconds));
        Assert.True(TestImages.Contains(stored, "TestCam"u8.ToArray()));
    }

    [Fact]
    public async Task Upload_TheSamePhotoTwice_IsRefusedAsADuplicate_AndStoredOnce()
    {
        var (id, tokens, _) = await runner.ProgrammeAsync(accepted: 1);
        var picture = TestImages.JpegWithGps(seed: 9);
        using (var first = MediaRunner.File("a.jpg", picture))
        {
            Assert.Equal(HttpStatusCode.Created, (await runner.Http.PostAsync($"api/programmes/{id}/photos", first)).StatusCode);
        }
        var before = await runner.MediaSnapshotAsync(id);
        using var second = MediaRunner.File("renamed.jpg", picture);
        var response = await runner.Http.PostAsync($"api/programmes/{id}/photos", second);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("duplicate", body.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("existingId").GetString()));

        // A participant sending the same photo gets the same answer, on their page.
        using var third = MediaRunner.File("mine.jpg", picture);
        var page = await runner.Anonymous.PostAsync($"api/rsvp/{tokens[0]}/photos", third);
        Assert.Equal(HttpStatusCode.Conflict, page.StatusCode);
        Assert.Contains("ภาพนี้มีอยู่ในแกลเลอรีแล้ว", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await runner.MediaSnapshotAsync(id));
    }

    public static TheoryData<string, string, int, string> BadFiles() => new()
    {
        { "a text file named .jpg", "notes.jpg", 415, "unsupported-type" },
        { "an empty file", "empty.jpg", 400, "empty" },
        { "a truncated JPEG", "cut.jpg", 422, "truncated" },
        { "a 21 MB JPEG", "big.jpg", 413, "too-large" },
        { "a PNG bomb (50,000 × 50,000 declared)", "bomb.png", 422, "too-many-pixels" },
        { "a JPEG bomb (65,000 × 65,000 declared)", "bomb.jpg", 422, "too-many-pixels" },
        { "a file name going up a folder", "../../etc/passwd.jpg", 400, "bad-name" },
        { "an absolute file name", "/var/www/photo.jpg", 400, "bad-name" },
        { "a file name with a backslash", "..\\..\\boot.jpg", 400, "bad-name" },
        { "a file name with a NUL", "photo.jpg\0.exe", 400, "bad-name" },
        { "a drive letter", "C:photo.jpg", 400, "bad-name" },
    };

    static byte[] Content(string what) => what switch
    {
        "a text file named .jpg" => "just some notes, not a picture"u8.ToArray(),
        "an empty file" => [],
        "a truncated JPEG" => TestImages.JpegWithGps(seed: 4) is var whole ? whole[..(whole.Length * 2 / 3)] : [],
        "a 21 MB JPEG" => TestImages.PaddedJpeg(21 * 1024 * 1024, seed: 5),
        "a PNG bomb (50,000 × 50,000 declared)" => TestImages.PngBomb(),
        "a JPEG bomb (65,000 × 65,000 declared)" => TestImages.JpegBomb(),
        _ => TestImages.JpegWithGps(seed: 6),
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task Upload_BadFile_GetsAClear4xx_AndStoresNothing(string what, string fileName, int status, string code)
    {
        var (id, tokens, _) = await runner.ProgrammeAsync(accepted: 1);
        var before = await runner.MediaSnapshotAsync(id);
        var content = Content(what);

        using var organiser = MediaRunner.File(fileName, content);
        var response = await runner.Http.PostAsync($"api/programmes/{id}/photos", organiser);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, $"{what}: {(int)response.StatusCode} {body}");
        Assert.Equal(code, JsonDocument.Parse(body).RootElement.GetProperty("code").GetString());

        using var participant = MediaRunner.File(fileName, content);
        var page = await runner.Anonymous.PostAsync($"api/rsvp/{tokens[0]}/photos", participant);
        Assert.Equal(status, (int)page.StatusCode);
        Assert.Contains("class=\"problem\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(before, await runner.MediaSnapshotAsync(id));
    }

    [Fact]
    public async Task Upload_CutOffBeforeTheEnd_IsRefused_AndStoresNothing()
    {
        var (id, _, _) = await runner.ProgrammeAsync(accepted: 0);
        var before = await runner.MediaSnapshotAsync(id);
        // The whole picture arrives, but not the closing boundary: the upload did not finish.
        var picture = TestImages.JpegWithGps(seed: 7);
        using var whole = MediaRunner.Multipart([("photo", "a.jpg", picture)]);
        var length = (await whole.ReadAsByteArrayAsync()).Length;
        using var cut = MediaRunner.Multipart([("photo", "a.jpg", picture)], cutAfterBytes: length - 20);
        var response = await runner.Http.PostAsync($"api/programmes/{id}/photos", cut);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("incomplete-upload", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString());
        Assert.Equal(before, await runner.MediaSnapshotAsync(id));
    }

    [Fact]
    public async Task ParticipantUpload_WithAnExpiredOrRevokedLink_IsRefusedWith410_AndStoresNothing()
    {
        var (id, tokens, all) = await runner.ProgrammeAsync(accepted: 2);
        var store = runner.Get<ProgrammeStore>();
        var revokedOne = all.First(t => t.Value == tokens[0]).Key;
        var expiredOne = all.First(t => t.Value == tokens[1]).Key;
        // The confirmation mails re-derive (and re-store) each link in the background: let them go first.
        await runner.MailsAsync(id, m => m.Count(x => x.Kind == "confirmation") >= 2);
        // Revoked: the organiser reissued the link. Expired: the link's row says it ran out yesterday.
        (await runner.Http.PostAsync($"api/programmes/{id}/participants/{revokedOne}/link", null)).EnsureSuccessStatusCode();
        var generation = (await store.FindParticipantAsync(id, expiredOne, default))!.LinkGeneration;
        await runner.Links().IssueAsync(id, expiredOne, generation, DateTimeOffset.UtcNow.AddDays(-1), default);
        var before = await runner.MediaSnapshotAsync(id);

        foreach (var token in tokens)
        {
            using var form = MediaRunner.File("a.jpg", TestImages.JpegWithGps(seed: 8));
            var response = await runner.Anonymous.PostAsync($"api/rsvp/{token}/photos", form);
            Assert.True(response.StatusCode == HttpStatusCode.Gone, $"{(token == tokens[0] ? "revoked" : "expired")} link: {(int)response.StatusCode}");
        }
        Assert.Equal(before, await runner.MediaSnapshotAsync(id));
    }

    [Fact]
    public async Task ParticipantUpload_WithoutAPlace_IsRefusedWith403()
    {
        var (id, _, all) = await runner.ProgrammeAsync(accepted: 1);
        var notAccepted = all.Values.Last();
        using var form = MediaRunner.File("a.jpg", TestImages.JpegWithGps(seed: 10));
        var response = await runner.Anonymous.PostAsync($"api/rsvp/{notAccepted}/photos", form);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(await runner.MediaSnapshotAsync(id));
    }

    [Fact]
    public async Task Participants_DeleteOnlyTheirOwnPhotos_OrganisersDeleteAny()
    {
        var (id, tokens, _) = await runner.ProgrammeAsync(accepted: 2);
        using var http = runner.NoRedirects();
        foreach (var (token, seed) in tokens.Zip(new[] { 11, 12 }))
        {
            using var form = MediaRunner.File($"p{seed}.jpg", TestImages.JpegWithGps(seed: seed), "photo", ("day", ""));
            var posted = await http.PostAsync($"api/rsvp/{token}/photos", form);
            Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
            Assert.Equal($"/api/rsvp/{token}/gallery?uploaded=1", posted.Headers.Location!.OriginalString);
        }
        var photos = await runner.Get<PhotoService>().ListAsync(id, default);
        Assert.Equal(2, photos.Count);
        var participant0 = (await runner.Links().ResolveAsync(tokens[0], default)).ParticipantId;
        var mine = photos.Single(p => p.UploadedBy == participant0);
        var theirs = photos.Single(p => p.UploadedBy != participant0);

        var refused = await http.PostAsync($"api/rsvp/{tokens[0]}/photos/{theirs.Id}/delete", null);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var gallery = await runner.Anonymous.GetStringAsync($"api/rsvp/{tokens[0]}/gallery");
        Assert.Contains($"/photos/{mine.Id}/delete", gallery, StringComparison.Ordinal);
        Assert.DoesNotContain($"/photos/{theirs.Id}/delete", gallery, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.SeeOther, (await http.PostAsync($"api/rsvp/{tokens[0]}/photos/{mine.Id}/delete", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await runner.Http.DeleteAsync($"api/programmes/{id}/photos/{theirs.Id}")).StatusCode);
        Assert.Empty(await runner.MediaSnapshotAsync(id));

        // Deleted means gone: the same photo may come again.
        using var again = MediaRunner.File("p11.jpg", TestImages.JpegWithGps(seed: 11));
        Assert.Equal(HttpStatusCode.Created, (await runner.Http.PostAsync($"api/programmes/{id}/photos", again)).StatusCode);
    }

    [Fact]
    public async Task Gallery_ByDay_AndDownloadAll_IsAZipOfEveryPhotoAsStored()
    {
        var (id, tokens, _) = await runner.ProgrammeAsync(accepted: 1);
        var programme = (await runner.Get<ProgrammeStore>().FindAsync(id, default))!;
        var days = programme.Days.Select(d => d.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).ToList();
        for (var i = 0; i < 3; i++)
        {
            using var form = MediaRunner.File($"day{i}.jpg", TestImages.JpegWithGps(seed: 20 + i), "photo", ("day", days[i % days.Count]));
            Assert.Equal(HttpStatusCode.Created, (await runner.Http.PostAsync($"api/programmes/{id}/photos", form)).StatusCode);
        }
        var page = await runner.Anonymous.GetStringAsync($"api/rsvp/{tokens[0]}/gallery");
        Assert.Contains("data-photos=\"3\"", page, StringComparison.Ordinal);
        Assert.Equal(Math.Min(3, days.Count), System.Text.RegularExpressions.Regex.Count(page, "<h2 data-day="));
        var organiserPage = await runner.Anonymous.GetStringAsync($"api/programmes/{id}/gallery?code={runner.Runner.OrganiserKey}");
        Assert.Contains("data-photos=\"3\"", organiserPage, StringComparison.Ordinal);

        var zipResponse = await runner.Anonymous.GetAsync($"api/rsvp/{tokens[0]}/photos.zip");
        Assert.Equal("application/zip", zipResponse.Content.Headers.ContentType!.MediaType);
        using var zip = new ZipArchive(new MemoryStream(await zipResponse.Content.ReadAsByteArrayAsync()));
        Assert.Equal(3, zip.Entries.Count);
        var photos = await runner.Get<PhotoService>().ListAsync(id, default);
        foreach (var photo in photos)
        {
            var entry = zip.Entries.Single(e => e.FullName.StartsWith(photo.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + "/", StringComparison.Ordinal) && e.Name.StartsWith(Path.GetFileNameWithoutExtension(photo.FileName), StringComparison.Ordinal));
            using var read = new MemoryStream();
            await (await entry.OpenAsync()).CopyToAsync(read);
            Assert.Equal(await runner.BlobAsync(StorageTables.PhotosContainer, photo.BlobName), read.ToArray());
        }
        var organiserZip = await runner.Http.GetAsync($"api/programmes/{id}/photos.zip");
        Assert.Equal(HttpStatusCode.OK, organiserZip.StatusCode);
    }
}
