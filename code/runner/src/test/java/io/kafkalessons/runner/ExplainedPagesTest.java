package io.kafkalessons.runner;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The explained pages link each behaviour to the test that shows it, as {@code [testMethod](../code/.../SomeTest.java)};
 * such a link must name a test method that exists in that file, and every relative link must lead to a file.
 */
class ExplainedPagesTest {

    private static final Path REPOSITORY = Path.of("../..").toAbsolutePath().normalize();
    private static final Pattern LINK = Pattern.compile("\\[([^\\]]+)\\]\\((\\.\\.?/[^)#\\s]+)(#[^)]*)?\\)");

    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>();
        for (String folder : List.of("kafka-explained", "zookeeper-explained")) {
            try (Stream<Path> files = Files.list(REPOSITORY.resolve(folder))) {
                files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(pages::add);
            }
        }
        return pages;
    }

    @Test
    @DisplayName("Every relative link on an explained page leads to a file, and a link named like a method names a test in it")
    void linksLeadToFilesAndTests() throws IOException {
        List<String> broken = new ArrayList<>();
        int tests = 0;
        for (Path page : pages()) {
            Matcher m = LINK.matcher(Files.readString(page));
            while (m.find()) {
                Path target = page.getParent().resolve(m.group(2)).normalize();
                if (!Files.exists(target)) {
                    broken.add(REPOSITORY.relativize(page) + ": " + m.group(2) + " does not exist");
                } else if (target.toString().endsWith("Test.java") && m.group(1).matches("[a-z]\\w*")) {
                    tests++;
                    if (!Files.readString(target).contains("void " + m.group(1) + "(")) {
                        broken.add(REPOSITORY.relativize(page) + ": " + m.group(1) + " is not a test in " + m.group(2));
                    }
                }
            }
        }
        assertThat(tests).as("links to test methods found").isGreaterThan(50);
        assertThat(broken).isEmpty();
    }
}
