package io.ramal.gateway.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.ramal.extensions.LogText;
import io.ramal.gateway.call.CallRecord;
import io.ramal.gateway.config.RamalConfig;
import io.ramal.gateway.records.Records;
import io.ramal.gateway.report.Cursor;
import io.ramal.gateway.report.RecordSource;
import io.ramal.gateway.report.RecordSources;
import io.ramal.gateway.report.ReportException;
import io.ramal.gateway.report.Window;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code GET /calls?since=&until=&extension=&limit=&after=}: the call records of the days
 * {@code since} to {@code until} (dates, both included, in the gateway's zone; both default to
 * today), oldest first, {@code limit} (default 100, at most 1000) per page. The answer is
 * {@code {"calls": [...], "next": "/calls?...&after=<cursor>"}} with {@code next} null on the last
 * page; the cursor is the last call's start and id, so a page never repeats or skips a call
 * whatever is written meanwhile. Records read as {@code ramal report} reads them, on a thread of
 * their own ({@code ramal-admin-calls}): the admin server's event loop never waits on JDBC or a file.
 */
public final class CallsResource implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CallsResource.class);

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1_000;
    /** Requests waiting for the reader thread; beyond, 503 at once. */
    private static final int QUEUE = 16;

    /** An answer: status, JSON or text body, its content type. */
    record Answer(HttpResponseStatus status, byte[] body, String contentType) {
    }

    private final RecordSource source;
    private final ZoneId zone;
    private final Clock clock;
    private final ObjectMapper json = Records.json();
    private final ExecutorService reader;

    CallsResource(RecordSource source, ZoneId zone, Clock clock) {
        this.source = source;
        this.zone = zone;
        this.clock = clock;
        ThreadPoolExecutor ex = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(QUEUE), r -> {
                    Thread t = new Thread(r, "ramal-admin-calls");
                    t.setDaemon(true);
                    return t;
                });
        this.reader = ex;
    }

    /** Over the configured store (the database when {@code db.url} is set, else the records files). */
    public static CallsResource open(RamalConfig config) {
        return new CallsResource(RecordSources.forServer(config), ZoneId.systemDefault(), Clock.systemUTC());
    }

    /** Answers {@code uri} on the reader thread, then hands the answer to {@code reply} (on that thread). */
    void handle(String uri, Consumer<Answer> reply) {
        try {
            reader.execute(() -> reply.accept(answer(new QueryStringDecoder(uri))));
        } catch (RejectedExecutionException e) {
            reply.accept(error(HttpResponseStatus.SERVICE_UNAVAILABLE, "too many /calls requests at once, try again"));
        }
    }

    /** The answer to one request. On the reader thread. */
    Answer answer(QueryStringDecoder q) {
        Query query;
        try {
            query = Query.parse(q.parameters(), zone, clock);
        } catch (IllegalArgumentException e) {
            return error(HttpResponseStatus.BAD_REQUEST, e.getMessage());
        }
        List<CallRecord> page = new ArrayList<>(query.limit + 1);
        try {
            source.calls(new RecordSource.Calls(query.window.from(), query.window.to(), query.extension, query.after,
                    query.limit + 1), page::add);
        } catch (ReportException e) {
            LOG.warn("admin /calls cannot read records cause=\"{}\"", LogText.escape(e.getMessage()));
            return error(HttpResponseStatus.SERVICE_UNAVAILABLE, e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("admin /calls failed uri=\"{}\"", LogText.escape(q.uri()), e);
            return error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error: " + e);
        }
        String next = null;
        if (page.size() > query.limit) {
            page = page.subList(0, query.limit);
            next = query.next(Cursor.after(page.get(page.size() - 1)));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("calls", page);
        body.put("next", next);
        return json(HttpResponseStatus.OK, body);
    }

    private Answer error(HttpResponseStatus status, String message) {
        return json(status, Map.of("error", message));
    }

    private Answer json(HttpResponseStatus status, Object body) {
        try {
            return new Answer(status, json.writeValueAsBytes(body), "application/json");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("/calls answer cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The parameters of one request, checked. */
    private record Query(LocalDate since, LocalDate until, Window window, String extension, int limit, Cursor after) {

        static Query parse(Map<String, List<String>> p, ZoneId zone, Clock clock) {
            LocalDate since = date(p, "since");
            LocalDate until = date(p, "until");
            String extension = one(p, "extension");
            String l = one(p, "limit");
            int limit = DEFAULT_LIMIT;
            if (l != null) {
                try {
                    limit = Integer.parseInt(l);
                } catch (NumberFormatException e) {
                    limit = -1;
                }
                if (limit < 1 || limit > MAX_LIMIT) {
                    throw new IllegalArgumentException("limit=" + l + " is not a whole number from 1 to " + MAX_LIMIT);
                }
            }
            String a = one(p, "after");
            Window w = Window.days(since, until, zone, clock);
            return new Query(w.day(w.from()), w.day(w.to().minusNanos(1)), w, extension, limit,
                    a == null ? null : Cursor.parse(a));
        }

        /** The link to the page after {@code c}, with the same days (fixed now: "today" may change between pages). */
        String next(Cursor c) {
            StringBuilder sb = new StringBuilder("/calls?since=").append(since).append("&until=").append(until);
            if (extension != null) {
                sb.append("&extension=").append(URLEncoder.encode(extension, StandardCharsets.UTF_8));
            }
            return sb.append("&limit=").append(limit).append("&after=").append(c.token()).toString();
        }

        private static LocalDate date(Map<String, List<String>> p, String name) {
            String v = one(p, name);
            try {
                return v == null ? null : LocalDate.parse(v);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(name + "=" + v + " is not a date (yyyy-mm-dd)");
            }
        }

        private static String one(Map<String, List<String>> p, String name) {
            List<String> v = p.get(name);
            return v == null || v.isEmpty() || v.get(0).isEmpty() ? null : v.get(0);
        }
    }

    /** Stops the reader thread and closes the store's connections. */
    @Override
    public void close() {
        reader.shutdownNow();
        source.close();
    }
}
