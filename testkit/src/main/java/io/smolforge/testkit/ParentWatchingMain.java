package io.smolforge.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Entry point of a child JVM that must not outlive the JVM that started it: it runs another main class and halts
 * as soon as its standard input reaches end-of-file, which happens when the parent exits — even when the parent
 * is killed and its shutdown hooks never run.
 *
 * <p>Usage: {@code java -cp ... io.smolforge.testkit.ParentWatchingMain <main class> <args...>}
 */
public final class ParentWatchingMain {

    private ParentWatchingMain() {
    }

    public static void main(String[] args) throws Exception {
        Thread watcher = new Thread(() -> {
            InputStream in = System.in;
            try {
                while (in.read() >= 0) {
                    // the parent never writes; anything it does write is ignored
                }
            } catch (IOException e) {
                // a broken pipe means the same as end-of-file
            }
            Runtime.getRuntime().halt(0);
        }, "parent-watcher");
        watcher.setDaemon(true);
        watcher.start();

        Method main = Class.forName(args[0]).getMethod("main", String[].class);
        main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    }
}
