package io.kafkalessons.runner;

import io.kafkalessons.sandbox.lesson.LessonEntry;
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
 * Code shown in a lesson README is a marked region of the lesson's source, so it cannot drift:
 * {@code <!-- snippet: path/File.java#name -->} followed by a fenced block must equal the lines
 * between {@code // tag::name[]} and {@code // end::name[]} in that file, indentation removed.
 */
class ReadmeSnippetsTest {

    /** A link to another lesson's folder, as the track line writes it: {@code [5](../05-commit-log)}. */
    private static final Pattern LESSON_LINK = Pattern.compile("\\]\\((\\.\\./\\d\\d-[a-z-]+)\\)");

    static final Path REPOSITORY = Path.of("../..").toAbsolutePath().normalize();
    private static final Pattern MARKER = Pattern.compile("<!-- snippet: (\\S+)#(\\S+) -->");

    /** One snippet marker in a README and the code block after it. */
    record Snippet(Path readme, String file, String tag, List<String> shown) {
    }

    @Test
    @DisplayName("Every code snippet in a lesson README equals its marked region in the source")
    void snippetsMatchSource() throws IOException {
        List<Snippet> snippets = new ArrayList<>();
        for (Path readme : lessonReadmes()) {
            snippets.addAll(snippetsIn(readme));
        }
        assertThat(snippets).as("snippets found in lesson READMEs").hasSizeGreaterThanOrEqualTo(3);
        for (Snippet s : snippets) {
            Path source = s.readme().getParent().resolve(s.file());
            assertThat(source).as("source named in " + s.readme()).exists();
            assertThat(s.shown()).as(s.readme() + " snippet " + s.file() + "#" + s.tag())
                    .isEqualTo(region(source, s.tag()));
        }
    }

    @Test
    @DisplayName("Every lesson module has a README with the headings all lessons share, and a track line whose lessons exist")
    void readmesHaveTheSameShape() throws IOException {
        List<String> headings = List.of("## What you will learn", "## The idea", "## Run it", "## What you should see",
                "## What just happened", "## Try this", "## On a real cluster");
        List<Path> readmes = lessonReadmes();
        assertThat(readmes).hasSizeGreaterThanOrEqualTo(2);
        for (Path readme : readmes) {
            List<String> lines = Files.readAllLines(readme);
            assertThat(lines.get(0)).as(readme + " title").matches("# Lesson \\d\\d: .+");
            assertThat(lines.get(2)).as(readme + " track line").startsWith("**Track:** ");
            Matcher lesson = LESSON_LINK.matcher(lines.get(2));
            while (lesson.find()) {
                assertThat(readme.getParent().resolve(lesson.group(1))).as(readme + " links a lesson to read first").isDirectory();
            }
            assertThat(lines.stream().filter(l -> l.startsWith("## ")).toList()).as(readme + " headings")
                    .containsExactlyElementsOf(headings);
        }
    }

    @Test
    @DisplayName("Every lesson README's title is the lesson's own title, as ./lessons list and the run print it")
    void readmeTitlesAreTheLessonTitles() throws IOException {
        for (LessonEntry lesson : LessonCatalog.load().all()) {
            Path readme = REPOSITORY.resolve("code").resolve(lesson.info().folder()).resolve("README.md");
            assertThat(Files.readAllLines(readme).get(0)).as(readme.toString())
                    .isEqualTo(String.format("# Lesson %02d: %s", lesson.info().number(), lesson.info().title()));
        }
    }

    /** Every file under a module's src/main (Java sources, Protobuf and Avro schemas, resources). */
    static List<Path> mainSources() throws IOException {
        try (Stream<Path> all = Files.walk(REPOSITORY.resolve("code"))) {
            return all.filter(f -> f.toString().contains("/src/main/") && Files.isRegularFile(f)).toList();
        }
    }

    static Path named(List<Path> files, String fileName) {
        return files.stream().filter(f -> f.getFileName().toString().equals(fileName)).findFirst().orElse(null);
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static List<Path> lessonReadmes() throws IOException {
        try (Stream<Path> modules = Files.list(REPOSITORY.resolve("code"))) {
            return modules.filter(m -> m.getFileName().toString().matches("\\d\\d-.+"))
                    .map(m -> m.resolve("README.md")).sorted().toList();
        }
    }

    private static List<Snippet> snippetsIn(Path readme) throws IOException {
        List<String> lines = Files.readAllLines(readme);
        List<Snippet> found = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = MARKER.matcher(lines.get(i).trim());
            if (!m.matches()) {
                continue;
            }
            assertThat(lines.get(i + 1)).as(readme + " line " + (i + 2) + " opens a code block").startsWith("```");
            List<String> shown = new ArrayList<>();
            int j = i + 2;
            while (!lines.get(j).startsWith("```")) {
                shown.add(lines.get(j++));
            }
            found.add(new Snippet(readme, m.group(1), m.group(2), shown));
        }
        return found;
    }

    private static List<String> region(Path source, String tag) throws IOException {
        List<String> lines = Files.readAllLines(source);
        int start = indexOf(lines, "// tag::" + tag + "[]", source);
        int end = indexOf(lines, "// end::" + tag + "[]", source);
        List<String> body = lines.subList(start + 1, end);
        int indent = body.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return body.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).toList();
    }

    private static int indexOf(List<String> lines, String marker, Path source) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).trim().equals(marker)) {
                return i;
            }
        }
        throw new AssertionError(source + " has no line '" + marker + "'");
    }
}
