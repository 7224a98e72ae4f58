package dev.ittybatch.common.manifest;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads one 50 MB line from a stream that never holds it, in its own JVM so the test can give it a
 * heap far smaller than the line: a reader that buffered the line whole would run out of memory.
 * Exits 0 when the line is reported as too long, with its true length.
 */
public final class LongLineCheck {

  static final long LENGTH = 50_000_000;

  private LongLineCheck() {}

  static InputStream endless(long length) {
    return new InputStream() {
      long left = length;

      @Override
      public int read() {
        return left-- > 0 ? 'x' : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (left <= 0) {
          return -1;
        }
        int n = (int) Math.min(len, left);
        Arrays.fill(b, off, off + n, (byte) 'x');
        left -= n;
        return n;
      }
    };
  }

  public static void main(String[] args) {
    List<ManifestRecord> records = new ArrayList<>();
    ManifestReader.open(endless(LENGTH), "big.jsonl").forEach(records::add);
    String reason = ((ManifestRecord.Invalid) records.get(0)).reason();
    System.out.println(reason);
    System.exit(reason.startsWith("line is " + LENGTH + " bytes") ? 0 : 3);
  }
}
