package io.kafkalessons.sandbox.process;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Entry point of every sandbox child JVM: {@code ChildMain <parentPid> <mainClass> [args...]}.
 *
 * <p>It starts a daemon thread that halts this JVM as soon as the parent process is gone, so a
 * test JVM that crashes (or is killed with {@code kill -9}) never leaves a broker or a ZooKeeper
 * server running behind it. Then it runs the real main class in this thread.
 */
public final class ChildMain {

    private static final long PARENT_CHECK_INTERVAL_MS = 250;

    private ChildMain() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length < 2) {
            System.err.println("usage: ChildMain <parentPid> <mainClass> [args...]");
            System.exit(2);
        }
        watchParent(Long.parseLong(args[0]));
        Method main = Class.forName(args[1]).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void watchParent(long parentPid) {
        Thread watchdog = new Thread(() -> {
            while (true) {
                boolean parentAlive = ProcessHandle.of(parentPid).map(ProcessHandle::isAlive).orElse(false);
                if (!parentAlive) {
                    System.err.println("sandbox: parent process " + parentPid + " is gone, halting this node");
                    Runtime.getRuntime().halt(137);
                }
                try {
                    Thread.sleep(PARENT_CHECK_INTERVAL_MS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "sandbox-parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}
