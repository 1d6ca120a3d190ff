package io.kafkalessons.runner;

import io.kafkalessons.sandbox.lesson.KafkaTool;
import io.kafkalessons.sandbox.lesson.LessonEntry;
import io.kafkalessons.testing.TryThis;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.kafkalessons.runner.ReadmeSnippetsTest.REPOSITORY;
import static io.kafkalessons.runner.ReadmeSnippetsTest.lessonReadmes;
import static io.kafkalessons.runner.ReadmeSnippetsTest.mainSources;
import static io.kafkalessons.runner.ReadmeSnippetsTest.named;
import static io.kafkalessons.runner.ReadmeSnippetsTest.read;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The "Try this" sections of the lesson READMEs, read without a cluster: what they point to exists,
 * the commands they ask for are the runner's, and each item is run by a test or says why not.
 */
class TryThisReadmeTest {

    @Test
    @DisplayName("Every \"Try this\" item a lesson applies itself with --try N says so in its README, as item N")
    void triesAreInTheReadmes() throws IOException {
        for (LessonEntry lesson : LessonCatalog.load().all()) {
            Path readme = REPOSITORY.resolve("code").resolve(lesson.info().folder()).resolve("README.md");
            String tryThis = TryThis.section(readme);
            for (int n : lesson.tries().keySet()) {
                Matcher item = Pattern.compile("(?ms)^" + n + "\\. (.*?)(?=^\\d+\\. |\\z)").matcher(tryThis);
                assertThat(item.find()).as(readme + " Try this " + n).isTrue();
                assertThat(item.group(1)).as(readme + " Try this " + n).contains("./lessons " + lesson.info().number() + " --try " + n);
            }
        }
    }

    @Test
    @DisplayName("Every constant a \"Try this\" item says to change is declared where the item says: in the class it names,"
            + " or else in the lesson's own code")
    void tryThisNamesRealConstants() throws IOException {
        Pattern change = Pattern.compile("(?:[Cc]hange|[Ss]et|[Mm]ake)\\s+`(?:([A-Z][A-Za-z0-9]+)\\.)?([A-Z][A-Z0-9_]+)`");
        Pattern inClass = Pattern.compile("\\b[Ii]n \\[?`?([A-Z][A-Za-z0-9]+)`?\\]?");
        List<Path> sources = mainSources().stream().filter(f -> f.toString().endsWith(".java")).toList();
        int checked = 0;
        for (Path readme : lessonReadmes()) {
            String tryThis = TryThis.section(readme);
            for (String item : tryThis.split("(?m)^(?=\\d+\\. )")) {
                Matcher m = change.matcher(item);
                while (m.find()) {
                    String named = m.group(1);
                    Matcher in = inClass.matcher(item);
                    while (named == null && in.find()) {
                        String candidate = in.group(1);
                        if (sources.stream().anyMatch(f -> f.getFileName().toString().equals(candidate + ".java"))) {
                            named = candidate;
                        }
                    }
                    String owner = named;
                    List<Path> where = sources.stream().filter(f -> owner != null ? f.getFileName().toString().equals(owner + ".java")
                            : f.startsWith(readme.getParent())).toList();
                    Pattern declared = Pattern.compile("\\b" + m.group(2) + "\\s*=");
                    boolean found = false;
                    for (Path f : where) {
                        found |= declared.matcher(Files.readString(f)).find();
                    }
                    assertThat(found).as(readme + ": " + m.group() + (owner != null ? " in " + owner : "")).isTrue();
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(15);
    }

    @Test
    @DisplayName("Every class, file and method a \"Try this\" item points to exists: `Class.method`, and in `Class`, in `method`"
            + " or in `file`")
    void tryThisNamesRealCode() throws IOException {
        Pattern member = Pattern.compile("`([A-Z][A-Za-z0-9]+)\\.([a-z][A-Za-z0-9]*)(?:\\(\\))?`");
        Pattern place = Pattern.compile("\\b(?:[Ii]n|[Ff]rom) \\[?`([A-Za-z][A-Za-z0-9_.]*)`");
        List<Path> sources = mainSources();
        int checked = 0;
        for (Path readme : lessonReadmes()) {
            String tryThis = TryThis.section(readme);
            List<Path> own = sources.stream().filter(f -> f.startsWith(readme.getParent())).toList();
            Matcher m = member.matcher(tryThis);
            while (m.find()) {
                // The lesson's own class first: two lessons may have a class of the same name (CrashStep).
                Path file = Optional.ofNullable(named(own, m.group(1) + ".java")).orElse(named(sources, m.group(1) + ".java"));
                assertThat(file).as(readme + ": " + m.group()).isNotNull();
                assertThat(Files.readString(file)).as(readme + ": " + m.group()).contains(m.group(2) + "(");
                checked++;
            }
            Matcher p = place.matcher(tryThis);
            while (p.find()) {
                String name = p.group(1);
                if (name.matches("[A-Z][A-Z0-9_]+") || name.matches("[A-Z][A-Za-z0-9]+\\.[a-z][A-Za-z0-9]*")) {
                    // A constant or an enum value (from `FULL`: tryThisNamesRealConstants covers the ones to change), or a
                    // Class.method, checked above.
                    continue;
                }
                boolean exists = name.matches("[A-Z].*") || name.contains(".")
                        ? named(sources, name.contains(".") ? name : name + ".java") != null
                        : own.stream().anyMatch(f -> read(f).contains(" " + name + "("));
                assertThat(exists).as(readme + ": " + p.group()).isTrue();
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(20);
    }

    @Test
    @DisplayName("Every ./lessons command a \"Try this\" item asks for starts with something the runner knows: a lesson that"
            + " exists, one of its commands, or one of Kafka's tools it wraps")
    void tryThisCommandsAreRunnerCommands() throws IOException {
        Set<String> known = new HashSet<>(Set.of("cluster", "view", "list", "record", "measure", "help"));
        LessonCatalog.load().all().forEach(lesson -> known.add(Integer.toString(lesson.info().number())));
        Arrays.stream(KafkaTool.values()).forEach(tool -> known.add(tool.command()));
        int checked = 0;
        for (Path readme : lessonReadmes()) {
            String section = TryThis.section(readme);
            for (int n = 1; section.contains("\n" + n + ". "); n++) {
                for (String command : TryThis.typed(readme, n, "./lessons ")) {
                    assertThat(known).as(readme + " Try this " + n + ": " + command).contains(command.split(" ")[1]);
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(60);
    }

    @Test
    @DisplayName("Every \"Try this\" item is run by a test whose name says \"Try this N\" (in its lesson's module, or \"Lesson"
            + " M's Try this N\" in another), or says itself why no test runs it; and an item a test runs says no such thing")
    void everyTryThisIsTestedOrSaysWhyNot() throws IOException {
        Pattern own = Pattern.compile("\"Try this (\\d+)(?:(?: and |-)(\\d+))?\\b");
        Pattern other = Pattern.compile("Lesson (\\d+)'s Try this (\\d+)(?:(?: and |-)(\\d+))?\\b");
        Map<Integer, Set<Integer>> tested = new HashMap<>();
        try (Stream<Path> all = Files.walk(REPOSITORY.resolve("code"))) {
            for (Path test : all.filter(f -> f.toString().contains("/src/test/java/") && f.toString().endsWith(".java")).toList()) {
                String text = Files.readString(test);
                String module = REPOSITORY.resolve("code").relativize(test).getName(0).toString();
                Matcher m = own.matcher(text);
                while (module.matches("\\d\\d-.+") && m.find()) {
                    addRange(tested, Integer.parseInt(module.substring(0, 2)), m.group(1), m.group(2));
                }
                Matcher o = other.matcher(text);
                while (o.find()) {
                    addRange(tested, Integer.parseInt(o.group(1)), o.group(2), o.group(3));
                }
            }
        }
        int items = 0;
        int runByTests = 0;
        for (Path readme : lessonReadmes()) {
            int lesson = Integer.parseInt(readme.getParent().getFileName().toString().substring(0, 2));
            String section = TryThis.section(readme);
            for (int n = 1; section.contains("\n" + n + ". "); n++, items++) {
                boolean runByATest = tested.getOrDefault(lesson, Set.of()).contains(n);
                runByTests += runByATest ? 1 : 0;
                boolean saysWhyNot = TryThis.item(readme, n).contains("Not run by the tests");
                assertThat(runByATest != saysWhyNot).as(readme + " Try this " + n + (runByATest
                        ? " is run by a test but says it is not" : " is run by no test and does not say why")).isTrue();
            }
        }
        // The root README says how many: "41 of the 72 items are run by a test".
        assertThat(items).isEqualTo(72);
        assertThat(runByTests).isEqualTo(41);
    }

    private static void addRange(Map<Integer, Set<Integer>> tested, int lesson, String from, String to) {
        for (int n = Integer.parseInt(from); n <= Integer.parseInt(to == null ? from : to); n++) {
            tested.computeIfAbsent(lesson, l -> new HashSet<>()).add(n);
        }
    }
}
