using System.Globalization;
using System.Net;
using System.Text;
using LibraryTraining.Messaging;
using LibraryTraining.Programmes;

namespace LibraryTraining.Media;

/// <summary>Everything the gallery page needs; the addresses differ for organisers (key) and participants (token).</summary>
public sealed record GalleryView
{
    public required Programme Programme { get; init; }
    public required IReadOnlyList<Photo> Photos { get; init; }
    public required bool Thai { get; init; }
    public required Func<Photo, bool, string> PhotoUrl { get; init; }
    public required string ZipUrl { get; init; }
    /// <summary>The delete form's address for photos this viewer may delete; null for the others.</summary>
    public Func<Photo, string?> DeleteUrl { get; init; } = _ => null;
    public string? UploadUrl { get; init; }
    public string? BackUrl { get; init; }
    public string? Notice { get; init; }
    public string? Problem { get; init; }
}

/// <summary>
/// The gallery: one phone-width column, the programme's days in order, a grid of thumbnails per day,
/// "Download all" as one zip. Thai or English. Every piece of text people supplied is encoded.
/// </summary>
public static class MediaPages
{
    const string FontStack = "'Noto Sans Thai','Sarabun','Loma','Garuda',Tahoma,sans-serif";

    public static string Gallery(GalleryView view)
    {
        var w = view.Thai ? MediaWords.Thai : MediaWords.English;
        var language = view.Thai ? "th" : "en";
        var programme = view.Programme;
        var title = view.Thai || string.IsNullOrWhiteSpace(programme.TitleEn) ? programme.Title : programme.TitleEn;
        var page = new StringBuilder();
        page.Append(CultureInfo.InvariantCulture, $"<main data-photos=\"{view.Photos.Count}\">");
        if (view.BackUrl is { } back)
        {
            page.Append(CultureInfo.InvariantCulture, $"<nav><a href=\"{E(back)}\">← {E(w.Back)}</a></nav>");
        }
        page.Append("<h1>").Append(E(w.Gallery)).Append("</h1><p class=\"muted\">").Append(E(title)).Append("</p>");
        if (view.Notice is { } notice)
        {
            page.Append("<p class=\"banner ok\" role=\"status\">").Append(E(notice)).Append("</p>");
        }
        if (view.Problem is { } problem)
        {
            page.Append("<div class=\"problem\" role=\"alert\">").Append(E(problem)).Append("</div>");
        }
        if (view.Photos.Count > 0)
        {
            page.Append(CultureInfo.InvariantCulture, $"<p><a class=\"button secondary\" href=\"{E(view.ZipUrl)}\" download>{E(w.DownloadAll(view.Photos.Count))}</a></p>");
        }
        else
        {
            page.Append("<p class=\"muted\">").Append(E(w.NoPhotos)).Append("</p>");
        }
        var sessions = programme.Days.SelectMany(d => d.Sessions).ToDictionary(s => s.Id, s => s.Title, StringComparer.Ordinal);
        foreach (var day in view.Photos.GroupBy(p => p.Day).OrderBy(g => g.Key))
        {
            page.Append(CultureInfo.InvariantCulture, $"<h2 data-day=\"{day.Key:yyyy-MM-dd}\">{E(ProgrammeDates.DayHeading(day.Key, language))}</h2><ul class=\"grid\">");
            foreach (var photo in day)
            {
                var caption = photo.SessionId is { } s && sessions.TryGetValue(s, out var t) ? t : photo.UploaderName;
                page.Append(CultureInfo.InvariantCulture, $"<li data-photo=\"{E(photo.Id)}\"><a href=\"{E(view.PhotoUrl(photo, false))}\">");
                page.Append(photo.HasThumbnail
                    ? $"<img src=\"{E(view.PhotoUrl(photo, true))}\" alt=\"{E(caption)}\" loading=\"lazy\" width=\"160\" height=\"160\">"
                    : $"<span class=\"nothumb\">{E(w.NoPreview)}</span>");
                page.Append("</a><span class=\"caption\">").Append(E(caption)).Append("</span>");
                if (view.DeleteUrl(photo) is { } delete)
                {
                    page.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"{E(delete)}\"><button class=\"delete\" type=\"submit\" aria-label=\"{E(w.Delete)}\">{E(w.Delete)}</button></form>");
                }
                page.Append("</li>");
            }
            page.Append("</ul>");
        }
        // The photos first (a participant who has just shared one sees it), the form to share more after them.
        if (view.UploadUrl is { } upload)
        {
            page.Append("<h2>").Append(E(w.ShareMore)).Append("</h2>").Append(UploadForm(upload, programme, w, language));
        }
        page.Append("</main>");
        return Wrap(page.ToString(), language, $"{w.Gallery} · {title}");
    }

    /// <summary>The upload form: pick one or more photos (the phone offers its camera too), optionally the day.</summary>
    public static string UploadForm(string action, Programme programme, MediaWords w, string language)
    {
        var form = new StringBuilder();
        form.Append(CultureInfo.InvariantCulture, $"<form class=\"upload\" method=\"post\" action=\"{E(action)}?lang={language}\" enctype=\"multipart/form-data\">");
        if (programme.Days.Count > 1)
        {
            form.Append("<label for=\"day\">").Append(E(w.Day)).Append("</label><select id=\"day\" name=\"day\"><option value=\"\">")
                .Append(E(w.Today)).Append("</option>");
            foreach (var day in programme.Days)
            {
                form.Append(CultureInfo.InvariantCulture, $"<option value=\"{day.Date:yyyy-MM-dd}\">{E(ProgrammeDates.DayHeading(day.Date, language))}</option>");
            }
            form.Append("</select>");
        }
        form.Append("<label for=\"photo\">").Append(E(w.ChoosePhotos)).Append("</label>");
        form.Append("<input id=\"photo\" name=\"photo\" type=\"file\" accept=\"image/jpeg,image/png,image/webp,image/heic,.heic\" multiple required>");
        form.Append("<p class=\"muted\">").Append(E(w.UploadHint)).Append("</p>");
        form.Append("<button type=\"submit\">").Append(E(w.Upload)).Append("</button></form>");
        return form.ToString();
    }

    /// <summary>A short page for a refusal (link gone, not confirmed, file refused), in Thai and English.</summary>
    public static string Message(string thai, string english) =>
        Wrap($"<main><h1 lang=\"th\">{E(thai)}</h1><p lang=\"en\">{E(english)}</p></main>", "th", english);

    static string Wrap(string body, string language, string title) =>
        $$"""
        <!doctype html>
        <html lang="{{language}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex"><meta name="referrer" content="no-referrer">
        <title>{{E(title)}}</title>
        <style>
        body{margin:0;background:#f2f2f2;color:#222;font-family:{{FontStack}};font-size:18px;line-height:1.6}
        main{max-width:600px;margin:0 auto;padding:16px;background:#fff;min-height:100vh;box-sizing:border-box}
        h1{font-size:24px;line-height:1.4;color:#1a4f8b;margin:8px 0 4px}h2{font-size:18px;background:#eef3f9;padding:6px 10px;border-radius:6px;margin:20px 0 8px}
        nav a{color:#1a4f8b}.muted{color:#555;font-size:16px}
        .banner{padding:12px 16px;border-radius:8px;background:#e3f4e6;color:#17612a;font-weight:bold}
        .problem{padding:12px 16px;border-radius:8px;background:#fde8e8;color:#8b1a1a;margin:12px 0}
        form.upload{margin:12px 0;padding:12px;border:1px solid #ddd;border-radius:10px}
        label{display:block;margin:8px 0 4px;font-size:16px}select,input[type=file]{width:100%;box-sizing:border-box;font:inherit;font-size:16px;padding:8px;border:1px solid #bbb;border-radius:8px;background:#fff}
        button,.button{display:block;width:100%;box-sizing:border-box;margin:12px 0 0;padding:14px;font:inherit;font-size:20px;font-weight:bold;
          text-align:center;text-decoration:none;border:0;border-radius:10px;background:#1a4f8b;color:#fff;cursor:pointer}
        .button.secondary{background:#fff;color:#1a4f8b;border:2px solid #1a4f8b}
        .grid{list-style:none;padding:0;margin:0;display:grid;grid-template-columns:repeat(2,1fr);gap:8px}
        .grid li{position:relative}.grid img,.nothumb{display:block;width:100%;aspect-ratio:1;object-fit:cover;border-radius:8px;background:#ddd}
        .nothumb{display:flex;align-items:center;justify-content:center;color:#555;font-size:14px;text-align:center}
        .caption{display:block;font-size:14px;color:#555;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
        button.delete{margin:4px 0 0;padding:6px;font-size:14px;font-weight:normal;background:#fff;color:#8b1a1a;border:1px solid #8b1a1a}
        </style></head><body>{{body}}</body></html>
        """;

    static string E(string value) => WebUtility.HtmlEncode(value);
}

/// <summary>The words of the media pages, Thai and English.</summary>
public sealed record MediaWords
{
    public required string Handouts { get; init; }
    public required string Photos { get; init; }
    public required Func<int, string> SeeGallery { get; init; }
    public required string Gallery { get; init; }
    public required string Back { get; init; }
    public required string Day { get; init; }
    public required string Today { get; init; }
    public required string ChoosePhotos { get; init; }
    public required string UploadHint { get; init; }
    public required string Upload { get; init; }
    public required Func<int, string> DownloadAll { get; init; }
    public required string NoPhotos { get; init; }
    public required string NoPreview { get; init; }
    public required string Delete { get; init; }
    public required Func<int, string> Uploaded { get; init; }
    public required string Deleted { get; init; }
    public required string ShareMore { get; init; }

    public static MediaWords Thai { get; } = new()
    {
        Handouts = "เอกสารประกอบการอบรม",
        Photos = "ภาพกิจกรรม",
        SeeGallery = n => n == 0 ? "ดูภาพกิจกรรม" : $"ดูภาพกิจกรรม ({n} ภาพ)",
        Gallery = "ภาพกิจกรรม",
        Back = "กลับหน้าหลัก",
        Day = "ภาพของวันที่",
        Today = "วันนี้",
        ChoosePhotos = "เลือกภาพจากโทรศัพท์",
        UploadHint = "JPEG, PNG, WebP หรือ HEIC ไม่เกิน 20 MB ต่อภาพ ระบบจะลบตำแหน่ง GPS ออกจากภาพให้",
        Upload = "ส่งภาพ",
        DownloadAll = n => $"ดาวน์โหลดทั้งหมด ({n} ภาพ, zip)",
        NoPhotos = "ยังไม่มีภาพ",
        NoPreview = "HEIC (ไม่มีภาพตัวอย่าง แตะเพื่อดาวน์โหลด)",
        Delete = "ลบภาพของฉัน",
        Uploaded = n => $"ส่งภาพแล้ว {n} ภาพ ขอบคุณค่ะ",
        Deleted = "ลบภาพแล้ว",
        ShareMore = "ส่งภาพเพิ่ม",
    };

    public static MediaWords English { get; } = new()
    {
        Handouts = "Handouts",
        Photos = "Photos",
        SeeGallery = n => n == 0 ? "See the photos" : $"See the photos ({n})",
        Gallery = "Photos",
        Back = "Back to my page",
        Day = "Photos of",
        Today = "Today",
        ChoosePhotos = "Choose photos from your phone",
        UploadHint = "JPEG, PNG, WebP or HEIC, up to 20 MB each. Location (GPS) is removed from the photos.",
        Upload = "Share photos",
        DownloadAll = n => $"Download all ({n} photos, zip)",
        NoPhotos = "No photos yet.",
        NoPreview = "HEIC (no preview; tap to download)",
        Delete = "Delete my photo",
        Uploaded = n => n == 1 ? "Your photo is shared. Thank you." : $"Your {n} photos are shared. Thank you.",
        Deleted = "The photo is deleted.",
        ShareMore = "Share more photos",
    };
}
