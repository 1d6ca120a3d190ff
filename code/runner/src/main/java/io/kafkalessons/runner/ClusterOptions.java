package io.kafkalessons.runner;

/**
 * Options of {@code ./lessons cluster}.
 *
 * @param secure lesson 14's listeners and ACLs instead of one PLAINTEXT listener
 * @param ui     the workshop view in a browser as well as the console
 */
record ClusterOptions(int brokers, int zookeeperServers, boolean freePorts, boolean secure, boolean ui, boolean help) {

    static ClusterOptions parse(String[] args) {
        int brokers = 3;
        int zookeeperServers = 3;
        boolean freePorts = false;
        boolean secure = false;
        boolean ui = false;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--brokers" -> brokers = number(args, ++i, "--brokers", 0, 5);
                case "--zookeeper-servers" -> zookeeperServers = number(args, ++i, "--zookeeper-servers", 0, 5);
                case "--free-ports" -> freePorts = true;
                case "--secure" -> secure = true;
                case "--ui" -> ui = true;
                case "--help", "-h" -> help = true;
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'");
            }
        }
        if (brokers == 0 && zookeeperServers == 0 && !help) {
            throw new IllegalArgumentException("nothing to start: both --brokers and --zookeeper-servers are 0");
        }
        if (secure && brokers == 0) {
            throw new IllegalArgumentException("--secure secures Kafka, but --brokers is 0");
        }
        if (ui && brokers == 0) {
            throw new IllegalArgumentException("--ui shows the Kafka cluster, but --brokers is 0");
        }
        return new ClusterOptions(brokers, zookeeperServers, freePorts, secure, ui, help);
    }

    private static int number(String[] args, int i, String flag, int min, int max) {
        try {
            int n = Integer.parseInt(args[i]);
            if (n < min || n > max) {
                throw new IllegalArgumentException(flag + " must be between " + min + " and " + max);
            }
            return n;
        } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs a number between " + min + " and " + max);
        }
    }
}
