package dev.ittybatch.common.manifest;

import java.io.IOException;
import java.io.InputStream;

/**
 * Splits a byte stream into lines of at most {@code maxLineBytes}, in constant memory. A longer
 * line is skipped to its end without being held, and reported as too long: a single 2 GB "line"
 * must not take the process down.
 */
final class LineSplitter {

  private final InputStream in;
  private final byte[] chunk = new byte[64 * 1024];
  private int chunkPos;
  private int chunkLimit;
  private final byte[] line;
  private final int maxLineBytes;
  private int lineLength;
  private long fullLength;
  private boolean eof;
  private boolean first = true;

  LineSplitter(InputStream in, int maxLineBytes) {
    this.in = in;
    // One spare byte holds the CR of a CRLF line that is exactly at the limit.
    this.line = new byte[maxLineBytes + 1];
    this.maxLineBytes = maxLineBytes;
  }

  /**
   * Reads the next line into {@link #bytes()}. Returns false at end of input. A UTF-8 byte order
   * mark on the first line and a trailing CR are dropped.
   */
  boolean next() throws IOException {
    lineLength = 0;
    fullLength = 0;
    boolean sawAny = false;
    while (true) {
      if (chunkPos == chunkLimit) {
        if (eof || !fill()) {
          eof = true;
          if (!sawAny) {
            return false;
          }
          break;
        }
      }
      sawAny = true;
      int newline = indexOfNewline();
      int end = newline < 0 ? chunkLimit : newline;
      append(chunkPos, end - chunkPos);
      if (newline >= 0) {
        chunkPos = newline + 1;
        break;
      }
      chunkPos = chunkLimit;
    }
    if (lineLength > 0 && fullLength == lineLength && line[lineLength - 1] == '\r') {
      lineLength--;
      fullLength--;
    }
    if (first) {
      first = false;
      if (lineLength >= 3
          && (line[0] & 0xff) == 0xEF
          && (line[1] & 0xff) == 0xBB
          && (line[2] & 0xff) == 0xBF) {
        System.arraycopy(line, 3, line, 0, lineLength - 3);
        lineLength -= 3;
        fullLength -= 3;
      }
    }
    return true;
  }

  /** True when the line was longer than the limit; {@link #bytes()} then holds only its start. */
  boolean tooLong() {
    return fullLength > maxLineBytes;
  }

  /** How long the line was, even when it was too long to keep. */
  long fullLength() {
    return fullLength;
  }

  byte[] bytes() {
    return line;
  }

  int length() {
    return lineLength;
  }

  boolean isBlank() {
    for (int i = 0; i < lineLength; i++) {
      byte b = line[i];
      if (b != ' ' && b != '\t' && b != '\r' && b != '\f') {
        return false;
      }
    }
    return !tooLong();
  }

  private int indexOfNewline() {
    for (int i = chunkPos; i < chunkLimit; i++) {
      if (chunk[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private void append(int from, int count) {
    int room = line.length - lineLength;
    int copied = Math.min(room, count);
    if (copied > 0 && fullLength == lineLength) {
      System.arraycopy(chunk, from, line, lineLength, copied);
      lineLength += copied;
    }
    fullLength += count;
  }

  private boolean fill() throws IOException {
    int n;
    do {
      n = in.read(chunk, 0, chunk.length);
    } while (n == 0);
    if (n < 0) {
      return false;
    }
    chunkPos = 0;
    chunkLimit = n;
    return true;
  }
}
