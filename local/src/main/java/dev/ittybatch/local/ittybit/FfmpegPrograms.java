package dev.ittybatch.local.ittybit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bytedeco.javacpp.Loader;

/**
 * The ffmpeg and ffprobe the simulator runs, found in one place: {@code FFMPEG} and {@code FFPROBE}
 * name programs on this machine (a system build, say), else the programs of the Maven dependency
 * {@code org.bytedeco:ffmpeg}, which javacpp extracts from the jar for this platform. So a machine
 * with only a JDK transcodes for real, and anyone may choose another build explicitly.
 *
 * @param ffmpeg the ffmpeg program
 * @param ffprobe the ffprobe program
 * @param encoders the encoders this ffmpeg was built with ({@code libopenh264}, {@code libvpx-vp9},
 *     ...): a job asking for one it lacks fails saying so
 * @param origin where the programs came from, for messages
 */
public record FfmpegPrograms(Path ffmpeg, Path ffprobe, Set<String> encoders, String origin) {

  public static final String FFMPEG = "FFMPEG";
  public static final String FFPROBE = "FFPROBE";

  /** ffmpeg or ffprobe cannot be run here; the message says why and what to set. */
  public static final class Unavailable extends Exception {
    Unavailable(String message) {
      super(message);
    }
  }

  /** The programs for this process's environment. */
  public static FfmpegPrograms find() throws Unavailable {
    return locate(System.getenv());
  }

  /**
   * @throws Unavailable when a named program is not there, or the Maven programs cannot start on
   *     this machine
   */
  static FfmpegPrograms locate(Map<String, String> env) throws Unavailable {
    Path ffmpeg = named(env, FFMPEG);
    Path ffprobe = named(env, FFPROBE);
    String origin = ffmpeg == null ? "org.bytedeco:ffmpeg for " + Loader.getPlatform() : FFMPEG;
    try {
      // Loader.load extracts the program with the libraries it links (once, into its cache) and
      // answers its path; the libraries are loaded into this JVM on the way.
      if (ffmpeg == null) {
        ffmpeg = Path.of(Loader.load(org.bytedeco.ffmpeg.ffmpeg.class));
      }
      if (ffprobe == null) {
        ffprobe = Path.of(Loader.load(org.bytedeco.ffmpeg.ffprobe.class));
      }
    } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
      throw new Unavailable(
          "the ffmpeg of org.bytedeco:ffmpeg for "
              + Loader.getPlatform()
              + " cannot start here ("
              + e.getMessage()
              + "); set "
              + FFMPEG
              + " and "
              + FFPROBE
              + " to programs that can");
    }
    return new FfmpegPrograms(ffmpeg, ffprobe, encoders(ffmpeg), origin);
  }

  private static Path named(Map<String, String> env, String variable) throws Unavailable {
    String value = env.get(variable);
    if (value == null || value.isBlank()) {
      return null;
    }
    Path program = Path.of(value.strip());
    if (!Files.isRegularFile(program) || !Files.isExecutable(program)) {
      throw new Unavailable(
          variable + "=" + value + " is not an executable file: set it to the program's path");
    }
    return program;
  }

  /** The encoders of {@code ffmpeg -encoders}: lines like {@code " V....D libvpx-vp9 ..."}. */
  private static Set<String> encoders(Path ffmpeg) throws Unavailable {
    Transcoder.Result result;
    try {
      result = Transcoder.run(List.of(ffmpeg.toString(), "-hide_banner", "-encoders"), 30);
    } catch (IOException e) {
      throw new Unavailable(ffmpeg + " cannot be run: " + e.getMessage());
    }
    if (result.exit() != 0) {
      throw new Unavailable(
          ffmpeg + " -encoders exited " + result.exit() + ": " + result.output().strip());
    }
    Set<String> names = new HashSet<>();
    for (String line : result.output().split("\n")) {
      String[] words = line.strip().split("\\s+");
      if (words.length >= 2 && words[0].length() == 6 && !words[1].equals("=")) {
        names.add(words[1]);
      }
    }
    return Set.copyOf(names);
  }

  /** The same programs with only these encoders: what a more limited build would offer. */
  public FfmpegPrograms withEncoders(Set<String> only) {
    return new FfmpegPrograms(ffmpeg, ffprobe, Set.copyOf(only), origin);
  }
}
