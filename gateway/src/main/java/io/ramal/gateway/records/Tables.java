package io.ramal.gateway.records;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ramal.gateway.call.CallRecord;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/** The two record tables of migration V4: {@code call_records} and {@code queue_events}. */
final class Tables {

    private Tables() {
    }

    static final PgRecordSink.Table<CallRecord> CALL_RECORDS = new PgRecordSink.Table<>() {
        @Override
        public String insert(String schema) {
            return "INSERT INTO " + schema + ".call_records (call_id, extension, mode, remote_address, started_at,"
                    + " answered_at, ended_at, wait_ms, talk_ms, attendant, queue, agent_url, outcome, end_reason,"
                    + " hangup_side, frames_in, frames_out, underruns, transfers)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (call_id) DO NOTHING";
        }

        @Override
        public void bind(PreparedStatement st, CallRecord r) throws SQLException {
            st.setObject(1, r.callId());
            st.setString(2, r.extension());
            st.setString(3, r.mode());
            st.setString(4, r.remote());
            st.setTimestamp(5, ts(r.startedAt()));
            st.setTimestamp(6, ts(r.answeredAt()));
            st.setTimestamp(7, ts(r.endedAt()));
            st.setLong(8, r.waitMs());
            st.setLong(9, r.talkMs());
            st.setObject(10, r.attendant());
            st.setString(11, r.queue());
            st.setString(12, r.agentUrl());
            st.setString(13, r.outcome());
            st.setString(14, r.endReason());
            st.setString(15, r.hangupSide());
            st.setLong(16, r.framesIn());
            st.setLong(17, r.framesOut());
            st.setLong(18, r.underruns());
            st.setArray(19, st.getConnection().createArrayOf("text", r.transfers().toArray()));
        }
    };

    static PgRecordSink.Table<QueueEventRecord> queueEvents(ObjectMapper json) {
        return new PgRecordSink.Table<>() {
            @Override
            public String insert(String schema) {
                return "INSERT INTO " + schema + ".queue_events (event_id, at, queue, call_id, attendant, event, detail)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?::jsonb) ON CONFLICT (event_id) DO NOTHING";
            }

            @Override
            public void bind(PreparedStatement st, QueueEventRecord r) throws SQLException {
                st.setObject(1, r.eventId());
                st.setTimestamp(2, ts(r.at()));
                st.setString(3, r.queue());
                st.setObject(4, r.callId());
                st.setObject(5, r.attendant());
                st.setString(6, r.event());
                try {
                    st.setString(7, json.writeValueAsString(r.detail()));
                } catch (JsonProcessingException e) {
                    throw new SQLException("detail cannot be written as JSON: " + e.getOriginalMessage(), "22000", e);
                }
            }
        };
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

}
