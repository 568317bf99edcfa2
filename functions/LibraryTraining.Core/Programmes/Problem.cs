namespace LibraryTraining.Programmes;

/// <summary>One thing wrong with a request: the field it is in, and what to do about it.</summary>
public sealed record Problem(string Field, string Message);
