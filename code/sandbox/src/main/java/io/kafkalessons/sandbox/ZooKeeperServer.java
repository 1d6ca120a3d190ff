package io.kafkalessons.sandbox;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** One real ZooKeeper server ({@code QuorumPeerMain}) in its own JVM. */
public final class ZooKeeperServer extends SandboxNode {

    private final int clientPort;
    private final boolean observer;
    private final Path configFile;

    ZooKeeperServer(int id, int clientPort, boolean observer, Path configFile, Path dataRoot, Path logFile) {
        super(id, dataRoot, logFile);
        this.clientPort = clientPort;
        this.observer = observer;
        this.configFile = configFile;
    }

    /** {@code 127.0.0.1:port} for a client that should talk to this server only. */
    public String address() {
        return Ports.HOST + ":" + clientPort;
    }

    public int clientPort() {
        return clientPort;
    }

    public boolean isObserver() {
        return observer;
    }

    public Path configFile() {
        return configFile;
    }

    @Override
    public String describe() {
        return (observer ? "zk observer " : "zk server ") + id();
    }

    /**
     * The server's role as it reports it (the {@code srvr} four-letter command): "leader",
     * "follower", "observer" or "standalone"; empty when it is down, paused or not serving
     * (for example while it has no quorum).
     */
    public Optional<String> mode() {
        return isRunning() ? ZooKeeperModes.of(address()) : Optional.empty();
    }

    @Override
    protected String mainClass() {
        return "org.apache.zookeeper.server.quorum.QuorumPeerMain";
    }

    @Override
    protected boolean sharesClasses() {
        return true;
    }

    @Override
    protected List<String> jvmOptions() {
        return jvmOptions(32, 96, "-Dzookeeper.admin.enableServer=false");
    }

    @Override
    protected List<String> arguments() {
        return List.of(configFile.toString());
    }
}
