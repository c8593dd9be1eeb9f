package org.sdrnet.it.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The PyTorch eager reference of the throughput benchmark: {@code scripts/torch_throughput.py} (the same SimSiam step
 * written in PyTorch), run by the Python named in {@code SDR_PYTHON} (default {@code python3}) when it has
 * {@code torch}. Absent Python or torch is not an error: the benchmark prints its own figures with a note.
 */
final class TorchReference {
    static final Path SCRIPT = Path.of("scripts", "torch_throughput.py");

    private final String python;

    TorchReference(String python) {
        this.python = python;
    }

    static TorchReference fromEnvironment() {
        String p = System.getenv("SDR_PYTHON");
        return new TorchReference(p == null || p.isBlank() ? "python3" : p);
    }

    /** Why the reference cannot run here, or empty when it can. */
    Optional<String> unavailable() {
        if (!Files.isRegularFile(SCRIPT)) {
            return Optional.of(SCRIPT + " not found (run from the repository root)");
        }
        try {
            Run r = run(List.of(python, "-c", "import torch; print(torch.__version__)"), 120);
            return r.exit == 0 ? Optional.empty() : Optional.of(python + " has no torch (pip install torch): " + r.stderr.strip());
        } catch (IOException e) {
            return Optional.of("no " + python + " on this machine (" + e.getMessage() + ")");
        }
    }

    /** Images/s by "backbone batch" for every case, measured in one Python process. */
    Map<String, Double> measure(List<String> backbones, int[] batches, int warmup, int steps, int threads) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(python, SCRIPT.toString(), String.join(",", backbones),
                String.join(",", java.util.Arrays.stream(batches).mapToObj(Integer::toString).toList()),
                "--warmup", Integer.toString(warmup), "--steps", Integer.toString(steps), "--threads", Integer.toString(threads)));
        Run r = run(cmd, 3600);
        if (r.exit != 0) {
            throw new IOException("PyTorch reference failed (exit " + r.exit + "): " + r.stderr.strip());
        }
        ObjectMapper json = new ObjectMapper();
        Map<String, Double> out = new LinkedHashMap<>();
        for (String line : r.stdout.split("\n")) {
            if (!line.isBlank()) {
                JsonNode n = json.readTree(line);
                out.put(key(n.get("backbone").asText(), n.get("batch").asInt()), n.get("imagesPerSecond").asDouble());
            }
        }
        return out;
    }

    static String key(String backbone, int batch) {
        return backbone + " " + batch;
    }

    private record Run(int exit, String stdout, String stderr) {
    }

    private static Run run(List<String> cmd, long timeoutSeconds) throws IOException {
        Path out = Files.createTempFile("sdr-torch-", ".out");
        Path err = Files.createTempFile("sdr-torch-", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " did not finish in " + timeoutSeconds + " s");
            }
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + String.join(" ", cmd), e);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
