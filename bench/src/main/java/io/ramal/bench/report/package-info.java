/** Load results as Markdown tables and the heavy scenario's plot (Java2D, headless). */
package io.ramal.bench.report;
