package io.kafkalessons.sandbox.lesson;

import org.apache.kafka.common.utils.internals.Exit;
import org.apache.zookeeper.ZooKeeperMain;
import org.apache.zookeeper.cli.CliCommand;
import org.apache.zookeeper.util.ServiceUtils;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Kafka or ZooKeeper tool run inside this JVM, as {@code ./lessons TOOL ARGS} runs it, with what it
 * printed and the exit codes it asked for captured instead of ending the JVM. For tests that run a
 * README's command against the cluster their class started; one at a time, since it swaps
 * {@code System.out} and {@code System.err}.
 *
 * @param exitCodes the codes the tool passed to Kafka's {@code Exit} or ZooKeeper's {@code ServiceUtils}, in order
 * @param out       what it printed on standard output
 * @param err       what it printed on standard error
 */
public record CapturedTool(List<Integer> exitCodes, String out, String err) {

    /**
     * Runs {@code commandLine}: the tool's script name ({@code kafka-topics}), then its arguments.
     * A tool that returns without calling exit counts as exit 0.
     */
    public static CapturedTool run(List<String> commandLine) {
        return run(commandLine, "");
    }

    /** The same with {@code typed} as the tool's standard input, then end of input (a console producer's lines). */
    public static CapturedTool run(List<String> commandLine, String typed) {
        KafkaTool tool = KafkaTool.named(commandLine.get(0))
                .orElseThrow(() -> new IllegalArgumentException("not a tool of ./lessons: " + commandLine.get(0)));
        String[] args = commandLine.subList(1, commandLine.size()).toArray(String[]::new);
        List<Integer> codes = new CopyOnWriteArrayList<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        InputStream originalIn = System.in;
        Exit.setExitProcedure((code, message) -> {
            codes.add(code);
            throw new ToolExited();
        });
        // Console tools close their clients in a JVM shutdown hook (the console producer sends what it
        // holds only then); this JVM outlives the run, so the hooks run when the tool ends.
        List<Runnable> hooks = new ArrayList<>();
        Exit.setShutdownHookAdder((name, hook) -> hooks.add(hook));
        ServiceUtils.setSystemExitProcedure(codes::add);
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            System.setIn(new ByteArrayInputStream(typed.getBytes(StandardCharsets.UTF_8)));
            if (tool == KafkaTool.ZOOKEEPER_SHELL) {
                zooKeeperCommandsPrintTo(System.out, System.err);
            }
            tool.run(args);
        } catch (ToolExited exited) {
            // the tool's exit, turned into an exception so that it ends the tool and not the JVM
        } catch (Throwable e) {
            throw new IllegalStateException(commandLine.get(0) + " failed: " + e, e);
        } finally {
            try {
                hooks.forEach(Runnable::run);
            } finally {
                System.setOut(originalOut);
                System.setErr(originalErr);
                System.setIn(originalIn);
                if (tool == KafkaTool.ZOOKEEPER_SHELL) {
                    zooKeeperCommandsPrintTo(originalOut, originalErr);
                }
                Exit.resetExitProcedure();
                Exit.resetShutdownHookAdder();
                ServiceUtils.setSystemExitProcedure(ServiceUtils.SYSTEM_EXIT);
            }
        }
        return new CapturedTool(List.copyOf(codes), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * ZooKeeper's shell makes its commands ({@code ls}, {@code get}, ...) once per JVM, and each keeps the
     * {@code System.out} of that moment: a second run would print into the first run's capture. This points
     * them at the given streams.
     */
    @SuppressWarnings("unchecked")
    private static void zooKeeperCommandsPrintTo(PrintStream out, PrintStream err) {
        try {
            Field commands = ZooKeeperMain.class.getDeclaredField("commandMapCli");
            commands.setAccessible(true);
            for (CliCommand command : ((Map<String, CliCommand>) commands.get(null)).values()) {
                command.setOut(out);
                command.setErr(err);
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("ZooKeeper's shell keeps its commands elsewhere in this version", e);
        }
    }

    /** The first code the tool asked for (some tools exit again from their own error handling), or 0 if none. */
    public int exitCode() {
        return exitCodes.isEmpty() ? 0 : exitCodes.get(0);
    }

    /** The value of the first {@code Name: value} line the tool printed ({@code LeaderId: 101}), if any. */
    public Optional<String> value(String name) {
        return out.lines().filter(l -> l.startsWith(name + ":")).findFirst().map(l -> l.substring(name.length() + 1).strip());
    }

    /** The {@code key=value} settings kafka-configs --describe printed, one a line, without their sources. */
    public List<String> settings() {
        return out.lines().map(String::strip).filter(l -> l.contains("=")).map(l -> l.split(" ")[0]).toList();
    }

    /**
     * The rows of a table the tool printed (kafka-consumer-groups --describe, kafka-share-groups ...): the
     * header is the line whose first column is {@code firstColumn}, the rows are the lines after it up
     * to a blank one or another header, each cell named by its column. Cells hold no spaces in these tables.
     */
    public List<Map<String, String>> table(String firstColumn) {
        List<Map<String, String>> rows = new ArrayList<>();
        List<String> header = null;
        for (String line : out.lines().toList()) {
            List<String> cells = List.of(line.strip().split("\\s+"));
            if (cells.get(0).equals(firstColumn)) {
                header = cells;
            } else if (header != null && line.isBlank()) {
                header = null;
            } else if (header != null && cells.size() == header.size()) {
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < cells.size(); i++) {
                    row.put(header.get(i), cells.get(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** Thrown instead of exiting while a tool runs inside this JVM. */
    private static final class ToolExited extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ToolExited() {
            super("exit", null, false, false);
        }
    }
}
