package io.genkern.cli;

import io.genkern.GenkernException;
import io.genkern.image.ImageFiles;
import io.genkern.image.sets.LabelledImage;
import io.genkern.io.TextFiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A folder of exemplar images with optional labels (labels.csv: "file,label" per line, as genkern image-set writes). */
final class ExemplarFolder {
    static final String LABELS = "labels.csv";

    private ExemplarFolder() {}

    static List<LabelledImage> read(Path dir) {
        List<Path> files = ImageFiles.listImages(dir);
        Map<String, String> labels = new HashMap<>();
        Path csv = dir.resolve(LABELS);
        if (Files.isRegularFile(csv)) {
            List<String> lines = TextFiles.read("labels file ", csv).lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).trim();
                if (line.isEmpty() || (i == 0 && line.equals("file,label"))) continue;
                int comma = line.indexOf(',');
                if (comma < 1) throw new GenkernException(csv + " line " + (i + 1) + ": expected 'file,label', got '" + line + "'");
                labels.put(line.substring(0, comma).trim(), line.substring(comma + 1).trim());
            }
        }
        List<LabelledImage> out = new ArrayList<>();
        for (Path f : files) {
            String name = f.getFileName().toString();
            out.add(new LabelledImage(name, labels.getOrDefault(name, ""), ImageFiles.read(f)));
        }
        return out;
    }
}
