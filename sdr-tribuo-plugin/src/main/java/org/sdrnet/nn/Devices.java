package org.sdrnet.nn;

import ai.djl.Device;
import ai.djl.engine.Engine;

import java.util.Locale;

/**
 * Chooses the compute device at run time: {@code auto} takes the first GPU the engine reports and
 * falls back to the CPU; {@code cpu}, {@code gpu} or {@code gpu:N} force one. Library code receives the
 * resulting {@link Device}; nothing reads global device state.
 */
public final class Devices {
    private Devices() {
    }

    /** Resolves a device flag ({@code auto}, {@code cpu}, {@code gpu}, {@code gpu:N}). */
    public static Device choose(String flag) {
        String f = flag == null ? "auto" : flag.trim().toLowerCase(Locale.ROOT);
        int gpus = Engine.getInstance().getGpuCount();
        return switch (f) {
            case "auto" -> gpus > 0 ? Device.gpu(0) : Device.cpu();
            case "cpu" -> Device.cpu();
            case "gpu" -> requireGpu(0, gpus);
            default -> {
                if (f.startsWith("gpu:")) {
                    try {
                        yield requireGpu(Integer.parseInt(f.substring(4)), gpus);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("bad device '" + flag + "': expected auto, cpu, gpu or gpu:N");
                    }
                }
                throw new IllegalArgumentException("unknown device '" + flag + "': expected auto, cpu, gpu or gpu:N");
            }
        };
    }

    private static Device requireGpu(int id, int gpus) {
        if (id < 0 || id >= gpus) {
            throw new IllegalArgumentException("device gpu:" + id + " requested but the engine reports " + gpus + " GPU(s)");
        }
        return Device.gpu(id);
    }

    /** One line for logs: engine, version, device. */
    public static String describe(Device device) {
        Engine e = Engine.getInstance();
        return e.getEngineName() + " " + e.getVersion() + " on " + device + " (GPUs reported: " + e.getGpuCount() + ")";
    }
}
