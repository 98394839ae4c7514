/**
 * Logging that cannot stall a call: the asynchronous appender that drops and counts rather than
 * block ({@link io.ramal.gateway.log.DroppingAsyncAppender}), the rate limit of per-connection and
 * per-frame lines ({@link io.ramal.gateway.log.LogLimiter}), the flush at exit
 * ({@link io.ramal.gateway.log.Logging}), and the choice of {@code config/logback.xml} under the
 * home over the jar's copy ({@link io.ramal.gateway.log.HomeLogbackConfigurator}). Depends on no other package of the gateway.
 */
package io.ramal.gateway.log;
