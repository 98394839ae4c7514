/** What a Linux process costs, read from {@code /proc}, and which process owns a listening port. */
package io.ramal.bench.proc;
