package io.kafkalessons.lesson19;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The lesson's two charts, as PNG (for the README) and SVG (to zoom), with the machine they were measured on. */
final class Charts {

    static final String BATCHING = "throughput-by-batch-size";
    static final String LATENCY = "latency-by-durability";
    private static final int WIDTH = 800;
    private static final int HEIGHT = 450;

    private Charts() {
    }

    /** Writes both charts into {@code folder}; returns the files written. */
    static List<Path> write(Path folder, Machine machine, List<TuningStep.BatchPoint> batching, List<Bench.Steady> latency)
            throws IOException {
        Files.createDirectories(folder);
        List<Path> files = new ArrayList<>();
        files.addAll(save(batchingChart(machine, batching), folder.resolve(BATCHING)));
        files.addAll(save(latencyChart(machine, latency), folder.resolve(LATENCY)));
        return files;
    }

    private static XYChart batchingChart(Machine machine, List<TuningStep.BatchPoint> points) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Producer throughput by batch.size, RF 3 (" + machine.describe() + ")")
                .xAxisTitle("batch.size (KiB, log scale)").yAxisTitle("thousand records per second").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisMin(0.0);
        for (String acks : TuningStep.BATCH_ACKS) {
            List<TuningStep.BatchPoint> series = points.stream().filter(p -> p.acks().equals(acks)).toList();
            chart.addSeries("acks=" + acks, series.stream().map(p -> p.batchSize() / 1024.0).toList(),
                    series.stream().map(p -> p.recordsPerSecond() / 1000).toList()).setMarker(SeriesMarkers.CIRCLE);
        }
        return chart;
    }

    private static CategoryChart latencyChart(Machine machine, List<Bench.Steady> runs) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Send-to-acknowledgement latency at a steady rate (" + machine.describe() + ")")
                .xAxisTitle("replication factor and acks").yAxisTitle("milliseconds").build();
        // The tail is tens of times the median, so the medians are small bars: every bar carries its value.
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setDecimalPattern("#,##0.0");
        List<String> labels = runs.stream().map(r -> r.workload().durabilityLabel()).toList();
        chart.addSeries("p50", labels, runs.stream().map(r -> r.producer().latency().p50()).toList());
        chart.addSeries("p99", labels, runs.stream().map(r -> r.producer().latency().p99()).toList());
        chart.addSeries("p99.9", labels, runs.stream().map(r -> r.producer().latency().p999()).toList());
        return chart;
    }

    private static List<Path> save(Chart<?, ?> chart, Path base) throws IOException {
        BitmapEncoder.saveBitmap(chart, base.toString(), BitmapEncoder.BitmapFormat.PNG);
        VectorGraphicsEncoder.saveVectorGraphic(chart, base.toString(), VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        return List.of(Path.of(base + ".png"), Path.of(base + ".svg"));
    }
}
