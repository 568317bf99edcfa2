namespace LibraryTraining.Media;

/// <summary>
/// An upload or request refused for something the sender can fix. <see cref="Status"/> is the HTTP status
/// to answer with, <see cref="Code"/> a stable word for scripts, the message a sentence for people.
/// Nothing is stored when one is thrown during an upload.
/// </summary>
public sealed class MediaRejectedException : Exception
{
    public MediaRejectedException()
    {
    }

    public MediaRejectedException(string message) : base(message)
    {
    }

    public MediaRejectedException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public MediaRejectedException(int status, string code, string message) : base(message)
    {
        this.Status = status;
        this.Code = code;
    }

    public int Status { get; } = 400;
    public string Code { get; } = "bad-request";
    /// <summary>For a duplicate: the id of the file already there.</summary>
    public string? ExistingId { get; init; }

    public static MediaRejectedException Empty() => new(400, "empty", "The file is empty. Choose the file again and send it.");
    public static MediaRejectedException TooLarge(long limit) => new(413, "too-large", $"The file is larger than {limit / (1024 * 1024)} MB.");
    public static MediaRejectedException Truncated() => new(422, "truncated", "The file is incomplete (it ends too early). Send it again, or export it again from the phone or computer.");
    public static MediaRejectedException Invalid(string why) => new(422, "invalid", $"The file is damaged or not what it says it is: {why}.");
    public static MediaRejectedException WrongType(string accepted) => new(415, "unsupported-type", $"This kind of file is not accepted. Send {accepted}.");
}
