package io.kafkalessons.sandbox.lesson;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/** Reads a {@code --command-config} file: Kafka client settings, one {@code key=value} a line, as Kafka's tools take them. */
public final class CommandConfig {

    private CommandConfig() {
    }

    /** The settings in {@code file}; a file that is missing, unreadable or empty is a usage error naming it. */
    public static Properties read(String file) {
        Path path = Path.of(file);
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(path)) {
            props.load(in);
        } catch (NoSuchFileException e) {
            throw new UsageException("--command-config " + file + ": no such file");
        } catch (IOException | IllegalArgumentException e) {
            throw new UsageException("--command-config " + file + ": cannot read it (" + e.getMessage() + ")");
        }
        if (props.isEmpty()) {
            throw new UsageException("--command-config " + file + ": it holds no settings");
        }
        for (String key : List.of("ssl.keystore.location", "ssl.truststore.location")) {
            String store = props.getProperty(key);
            if (store != null && !Files.isReadable(Path.of(store))) {
                throw new UsageException("--command-config " + file + ": " + key + " " + store
                        + (Files.exists(Path.of(store)) ? " cannot be read" : " does not exist"));
            }
        }
        return props;
    }
}
