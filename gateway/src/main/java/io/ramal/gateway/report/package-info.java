/**
 * Reports over the call records and queue events the gateway writes down
 * ({@link io.ramal.gateway.records}): per extension or queue and day, for {@code ramal report} and
 * the admin server's {@code /calls}. A {@link io.ramal.gateway.report.RecordSource} reads either
 * store (the PostgreSQL tables of migration V4, or the daily JSON-lines files without a database)
 * in one order; {@link io.ramal.gateway.report.QueueReport} and
 * {@link io.ramal.gateway.report.CallReport} are the one aggregation both stores go through, so the
 * two can never disagree; {@link io.ramal.gateway.report.ReportTable} prints the result as an aligned
 * table, CSV or JSON.
 *
 * <p>Depends on the records and the configuration, never on the admin server or the command line.
 */
package io.ramal.gateway.report;
