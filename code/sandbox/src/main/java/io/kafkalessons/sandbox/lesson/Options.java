package io.kafkalessons.sandbox.lesson;

import java.util.Properties;

/**
 * A lesson's command line, parsed: where to run it, and how.
 *
 * @param faultCommand a command that kills, freezes and restarts nodes of a cluster the sandbox did not start
 *                     (see {@link io.kafkalessons.sandbox.CommandFaults}), or null
 * @param hostsFile    a file of {@code ID HOST} lines for it, or null (the cluster's metadata names the hosts)
 * @param yes          act on that cluster without asking first
 * @param tryThis      the README's "Try this" item the lesson applies to itself ({@code --try N}), or 0
 */
record Options(String bootstrapServers, String zookeeper, Properties commandConfig, boolean verbose, boolean ui,
               String faultCommand, String hostsFile, boolean yes, boolean help, int tryThis) {

    static Options parse(LessonInfo info, String[] args) {
        Builder b = new Builder();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            if (b.flag(info, arg)) {
                continue;
            }
            String given = value != null ? value : next(args, ++i, arg);
            b.value(info, arg, given);
        }
        return b.build();
    }

    /** The options as they are read. */
    private static final class Builder {
        String bootstrap;
        String zookeeper;
        Properties commandConfig = new Properties();
        boolean verbose;
        boolean ui;
        String faultCommand;
        String hostsFile;
        boolean yes;
        boolean help;
        int tryThis;

        /** Takes a flag without a value; false when {@code arg} is not one. */
        boolean flag(LessonInfo info, String arg) {
            switch (arg) {
                case "--verbose", "-v" -> verbose = true;
                case "--ui" -> ui = requireKafkaForView(info);
                case "--yes" -> yes = true;
                case "--help", "-h" -> help = true;
                default -> {
                    if (!arg.equals("--bootstrap-server") && !arg.equals("--zookeeper") && !arg.equals("--command-config")
                            && !arg.equals("--fault-command") && !arg.equals("--hosts") && !arg.equals("--try")) {
                        throw new UsageException("unknown option '" + arg + "'");
                    }
                    return false;
                }
            }
            return true;
        }

        void value(LessonInfo info, String arg, String value) {
            switch (arg) {
                case "--bootstrap-server" -> {
                    require(info.needs().kafka(), "this lesson uses ZooKeeper, not Kafka: use --zookeeper host:port");
                    bootstrap = value;
                }
                case "--zookeeper" -> {
                    require(info.needs().zookeeper(), "this lesson uses Kafka, not ZooKeeper: use --bootstrap-server host:port");
                    zookeeper = value;
                }
                case "--command-config" -> {
                    require(info.needs().kafka(), "this lesson uses ZooKeeper only; --command-config holds Kafka client settings");
                    commandConfig = CommandConfig.read(value);
                }
                case "--fault-command" -> faultCommand = value;
                case "--try" -> {
                    require(value.matches("[1-9]"), "--try takes the number of a \"Try this\" item of the lesson's README, e.g."
                            + " --try 1, not '" + value + "'");
                    tryThis = Integer.parseInt(value);
                }
                default -> hostsFile = value;
            }
        }

        Options build() {
            if ((bootstrap != null && bootstrap.isBlank()) || (zookeeper != null && zookeeper.isBlank())) {
                throw new UsageException("an address must not be empty");
            }
            if (!commandConfig.isEmpty() && bootstrap == null) {
                throw new UsageException("--command-config goes with --bootstrap-server (the sandbox makes its own settings)");
            }
            boolean external = bootstrap != null || zookeeper != null;
            if ((faultCommand != null || hostsFile != null) && !external) {
                throw new UsageException("--fault-command and --hosts are for a cluster the sandbox did not start"
                        + " (give its address); the sandbox's own nodes are faulted directly");
            }
            if (hostsFile != null && faultCommand == null) {
                throw new UsageException("--hosts names the hosts for --fault-command, which is missing");
            }
            return new Options(bootstrap, zookeeper, commandConfig, verbose, ui, faultCommand, hostsFile, yes, help, tryThis);
        }
    }

    private static boolean requireKafkaForView(LessonInfo info) {
        require(info.needs().kafka(), "--ui shows a Kafka 4 cluster, and lesson " + info.number()
                + " runs none the view can follow; try ./lessons cluster --ui");
        return true;
    }

    private static void require(boolean condition, String otherwise) {
        if (!condition) {
            throw new UsageException(otherwise);
        }
    }

    private static String next(String[] args, int i, String flag) {
        if (i >= args.length || args[i].startsWith("--")) {
            String example = switch (flag) {
                case "--zookeeper" -> "127.0.0.1:2181";
                case "--command-config" -> "client.properties";
                case "--fault-command" -> "'aws-setup/cluster fault {id} {action}'";
                case "--hosts" -> "hosts.txt";
                default -> "127.0.0.1:9092";
            };
            throw new UsageException(flag + " needs a value, e.g. " + flag + " " + example);
        }
        return args[i];
    }
}
