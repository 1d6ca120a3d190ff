package io.kafkalessons.sandbox.lesson;

import io.kafkalessons.sandbox.view.WebView;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A lesson's {@code --ui}: the workshop view on the lesson's cluster for as long as the lesson runs
 * (with buttons when the lesson started the sandbox, read-only on a cluster given with
 * {@code --bootstrap-server}); in a terminal it stays up after the lesson until Enter.
 */
final class WorkshopView implements AutoCloseable {

    private final Optional<WebView> view;
    private final PrintStream out;

    private WorkshopView(Optional<WebView> view, PrintStream out) {
        this.view = view;
        this.out = out;
    }

    static WorkshopView startIf(boolean wanted, LessonContext context, PrintStream out) {
        if (!wanted) {
            return new WorkshopView(Optional.empty(), out);
        }
        WebView.Target target = context.kafkaSandbox().map(k -> WebView.Target.owned(k, context.zookeeperSandbox()))
                .orElseGet(() -> WebView.Target.readOnly(context.bootstrapServers(), context.clientConfig()));
        WebView view = WebView.start(target, WebView.DEFAULT_PORT);
        out.printf("[view] watch the cluster live at %s%s%n", view.url(),
                context.kafkaSandbox().isPresent() ? "" : " (read-only: not the sandbox's cluster)");
        return new WorkshopView(Optional.of(view), out);
    }

    /** In a terminal, keeps the page (and the sandbox) up after the lesson until Enter; elsewhere returns at once. */
    void holdUntilEnter(InputStream in) {
        if (view.isEmpty() || System.console() == null) {
            return;
        }
        out.printf("[view] the lesson is done; the page at %s stays up until you press Enter%n", view.get().url());
        try {
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
        } catch (IOException e) {
            // no input to wait for: end now
        }
    }

    @Override
    public void close() {
        view.ifPresent(WebView::close);
    }
}
