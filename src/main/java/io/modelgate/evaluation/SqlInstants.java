package io.modelgate.evaluation;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;

/**
 * Instants in two columns, a {@code timestamptz} (microseconds, for queries and for people) and its nanosecond of
 * second, because the files store keeps nanoseconds and a row copied there and back must come back the same.
 */
final class SqlInstants {

    private SqlInstants() {
    }

    /** Sets parameters {@code index} (the timestamp) and {@code index + 1} (the nanoseconds). */
    static void set(PreparedStatement statement, int index, Instant instant) throws SQLException {
        if (instant == null) {
            statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
            statement.setNull(index + 1, Types.INTEGER);
        } else {
            statement.setTimestamp(index, Timestamp.from(instant));
            statement.setInt(index + 1, instant.getNano());
        }
    }

    static Instant get(ResultSet row, String column) throws SQLException {
        Timestamp timestamp = row.getTimestamp(column);
        if (timestamp == null) {
            return null;
        }
        int nanos = row.getInt(column + "_nanos");
        return row.wasNull() ? timestamp.toInstant() : Instant.ofEpochSecond(timestamp.toInstant().getEpochSecond(), nanos);
    }
}
