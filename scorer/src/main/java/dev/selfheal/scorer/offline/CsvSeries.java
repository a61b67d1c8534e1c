package dev.selfheal.scorer.offline;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A {@code timestamp,value} CSV: the timestamps kept as written, the values as doubles. */
public record CsvSeries(String name, List<String> timestamps, double[] values) {

    public static CsvSeries read(Path file) throws IOException {
        List<String> timestamps = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = reader.readLine();
            if (header == null) {
                throw new IOException(file + " is empty");
            }
            String[] columns = header.strip().split(",");
            int ts = indexOf(columns, "timestamp", file);
            int val = indexOf(columns, "value", file);
            String line;
            int row = 1;
            while ((line = reader.readLine()) != null) {
                row++;
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.split(",", -1);
                if (cells.length <= Math.max(ts, val)) {
                    throw new IOException(file + " row " + row + ": expected timestamp,value");
                }
                timestamps.add(cells[ts].strip());
                values.add(parse(cells[val].strip()));
            }
        }
        String name = file.getFileName().toString().replaceFirst("\\.csv$", "");
        return new CsvSeries(name, timestamps, values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static double parse(String cell) {
        try {
            return Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static int indexOf(String[] columns, String name, Path file) throws IOException {
        for (int i = 0; i < columns.length; i++) {
            if (columns[i].strip().equalsIgnoreCase(name)) {
                return i;
            }
        }
        throw new IOException(file + " has no '" + name + "' column");
    }

    /** columns[0] is anomaly_score; with five, the component ratios follow. */
    public void writeScores(Path file, double[][] columns) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(columns.length == 5
                    ? "timestamp,value,anomaly_score,lstm_ratio,forest_ratio,spread_ratio,level_ratio\n"
                    : "timestamp,value,anomaly_score\n");
            for (int i = 0; i < values.length; i++) {
                StringBuilder row = new StringBuilder().append(timestamps.get(i)).append(',').append(format(values[i]));
                for (double[] column : columns) {
                    row.append(',').append(String.format(Locale.ROOT, "%.9g", column[i]));
                }
                out.write(row.append('\n').toString());
            }
        }
    }

    private static String format(double v) {
        return Double.isFinite(v) && v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
