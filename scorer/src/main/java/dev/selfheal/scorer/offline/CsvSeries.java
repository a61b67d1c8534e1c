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

    /** The columns score-csv writes after timestamp and value, in order. */
    public static final List<String> COLUMNS = List.of("anomaly_score", "anomalous", "ratio", "model_version",
            "outside_now");

    /**
     * Writes timestamp, value and the first {@code columns.length} of {@link #COLUMNS}
     * ({@code anomalous} as 0 or 1).
     */
    public void writeScores(Path file, double[][] columns) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("timestamp,value," + String.join(",", COLUMNS.subList(0, columns.length)) + "\n");
            for (int i = 0; i < values.length; i++) {
                StringBuilder row = new StringBuilder().append(timestamps.get(i)).append(',').append(format(values[i]));
                for (int c = 0; c < columns.length; c++) {
                    row.append(',').append(c == 1 || c == 3 ? Long.toString(Math.round(columns[c][i]))
                            : String.format(Locale.ROOT, "%.9g", columns[c][i]));
                }
                out.write(row.append('\n').toString());
            }
        }
    }

    private static String format(double v) {
        return Double.isFinite(v) && v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
