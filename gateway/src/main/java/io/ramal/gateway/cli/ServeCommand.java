package io.ramal.gateway.cli;

import io.ramal.gateway.Gateway;
import io.ramal.gateway.config.RamalConfig;
import io.ramal.gateway.log.Logging;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code ramal serve}: runs the gateway until SIGTERM or Ctrl-C, then stops it gracefully. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the gateway on the configured extensions (what `ramal` alone does).")
public final class ServeCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Override
    public Integer call() throws Exception {
        RamalConfig config = main.loadConfig();
        Gateway gateway = Gateway.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            Logging.flush(); // the last lines of the stop are still in the asynchronous appenders
            stopped.countDown();
        }, "ramal-shutdown"));
        stopped.await();
        return 0;
    }
}
