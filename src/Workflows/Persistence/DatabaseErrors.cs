using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Elsa.Kundportal.Workflows.Persistence;

/// <summary>
/// Reads database errors the way incidents, logs and answers need them: whether trying again later can help (a
/// restart, a failover, a deadlock), and what the database refused, told by its own code and the constraint, table,
/// column or type it names, never by the values (they may be personal data).
/// </summary>
public static class DatabaseErrors
{
    // PostgreSQL condition names (Appendix A of its manual) for the codes a write is usually refused with.
    private static readonly Dictionary<string, string> Conditions = new(StringComparer.Ordinal)
    {
        [PostgresErrorCodes.UniqueViolation] = "unique_violation",
        [PostgresErrorCodes.ForeignKeyViolation] = "foreign_key_violation",
        [PostgresErrorCodes.NotNullViolation] = "not_null_violation",
        [PostgresErrorCodes.CheckViolation] = "check_violation",
        [PostgresErrorCodes.ExclusionViolation] = "exclusion_violation",
        [PostgresErrorCodes.StringDataRightTruncation] = "string_data_right_truncation",
        [PostgresErrorCodes.NumericValueOutOfRange] = "numeric_value_out_of_range",
        [PostgresErrorCodes.InvalidTextRepresentation] = "invalid_text_representation",
        [PostgresErrorCodes.InvalidDatetimeFormat] = "invalid_datetime_format",
        [PostgresErrorCodes.DatetimeFieldOverflow] = "datetime_field_overflow",
        [PostgresErrorCodes.UndefinedTable] = "undefined_table",
        [PostgresErrorCodes.UndefinedColumn] = "undefined_column",
        [PostgresErrorCodes.SyntaxError] = "syntax_error",
        [PostgresErrorCodes.InFailedSqlTransaction] = "in_failed_sql_transaction",
    };

    /// <summary>Codes whose message names only schema objects and types; other messages may quote the refused value.</summary>
    private static readonly HashSet<string> MessagesWithoutValues = new(StringComparer.Ordinal)
    {
        PostgresErrorCodes.UniqueViolation, PostgresErrorCodes.ForeignKeyViolation, PostgresErrorCodes.NotNullViolation,
        PostgresErrorCodes.CheckViolation, PostgresErrorCodes.ExclusionViolation, PostgresErrorCodes.StringDataRightTruncation,
    };

    /// <summary>The database's own exception in <paramref name="exception"/> or its inner exceptions.</summary>
    public static DbException? Find(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is DbException db)
                return db;
        }
        return null;
    }

    /// <summary>
    /// True when the database could not be reached or gave up for a reason of its own (a restart, a failover, too many
    /// connections, a deadlock, a busy SQLite file): the same work may succeed when tried again.
    /// </summary>
    public static bool IsTransient(Exception exception) => Find(exception) switch
    {
        NpgsqlException npgsql => npgsql.IsTransient,
        SqliteException sqlite => sqlite.SqliteErrorCode is 5 or 6, // SQLITE_BUSY, SQLITE_LOCKED
        _ => false,
    };

    /// <summary>
    /// After a lost connection the other idle connections in the pool are most likely broken too (a restart closes them
    /// all): they are closed now, so the next attempt opens a new one instead of meeting the next broken one.
    /// </summary>
    public static void ForgetBrokenConnections(Exception exception)
    {
        if (Find(exception) is NpgsqlException { IsTransient: true })
            NpgsqlConnection.ClearAllPools();
    }

    /// <summary>
    /// True when the unique index <paramref name="index"/> refused the write. SQLite names the columns instead of the index
    /// ("UNIQUE constraint failed: table.a, table.b"): <paramref name="sqliteColumns"/> is that list.
    /// </summary>
    public static bool IsUniqueViolation(Exception exception, string index, string sqliteColumns) => Find(exception) switch
    {
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation && postgres.ConstraintName == index,
        SqliteException sqlite => sqlite.SqliteErrorCode == 19 && sqlite.Message.Contains($"UNIQUE constraint failed: {sqliteColumns}'", StringComparison.Ordinal),
        _ => false,
    };

    /// <summary>
    /// What the database refused, without values, e.g. <c>PostgreSQL 23505 unique_violation: duplicate key value violates
    /// unique constraint "ux_users_email"; table "users"</c>; null when no database error is in the chain.
    /// </summary>
    public static string? Describe(Exception exception)
    {
        var error = Find(exception);
        var text = error switch
        {
            null => null,
            PostgresException postgres => DescribePostgres(postgres, TooLongColumn(exception)),
            // SQLite's messages name constraints and columns ("UNIQUE constraint failed: users.email"), not values.
            SqliteException sqlite => sqlite.Message,
            NpgsqlException npgsql => npgsql.Message,
            _ => $"{error.GetType().Name} {error.ErrorCode}",
        };
        return text is null ? null : $"The database refused the step's work: {text}";
    }

    private static string DescribePostgres(PostgresException error, string? tooLongColumn)
    {
        var text = $"PostgreSQL {error.SqlState}";
        if (Conditions.TryGetValue(error.SqlState, out var condition))
            text += $" {condition}";
        if (MessagesWithoutValues.Contains(error.SqlState))
            text += $": {error.MessageText}";
        var names = new List<string>();
        if (error.ConstraintName is { } constraint)
            names.Add($"constraint \"{constraint}\"");
        if (error.TableName is { } table)
            names.Add($"table \"{table}\"");
        if (error.ColumnName is { } column)
            names.Add($"column \"{column}\"");
        else if (tooLongColumn is not null)
            names.Add($"column {tooLongColumn}");
        if (error.DataTypeName is { } type)
            names.Add($"type \"{type}\"");
        return names.Count == 0 ? text : $"{text}; {string.Join(", ", names)}";
    }

    /// <summary>PostgreSQL does not say which column a too long value was meant for; the entities EF was saving do.</summary>
    private static string? TooLongColumn(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is not DbUpdateException update)
                continue;
            foreach (var entry in update.Entries)
            {
                foreach (var property in entry.Properties)
                {
                    if (property.Metadata.GetMaxLength() is { } max && property.CurrentValue is string value && value.Length > max)
                        return $"{entry.Metadata.GetTableName()}.{property.Metadata.GetColumnName()}";
                }
            }
        }
        return null;
    }
}
