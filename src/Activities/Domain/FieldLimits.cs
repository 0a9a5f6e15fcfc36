namespace Elsa.Kundportal.Activities.Domain;

/// <summary>
/// The longest text the database keeps for the fields people type (the column sizes in
/// <see cref="Persistence.KundportalDbContext"/>). Forms and APIs check them before anything is stored or started, so a
/// long text is a message at its field, never a failed step.
/// </summary>
public static class FieldLimits
{
    public const int Name = 256;
    public const int Email = 256;
    public const int Phone = 32;
    public const int InvoiceReference = 128;
    public const int InvoiceAddress = 512;
}
