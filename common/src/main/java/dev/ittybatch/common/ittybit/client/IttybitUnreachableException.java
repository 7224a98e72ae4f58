package dev.ittybatch.common.ittybit.client;

/** Ittybit did not answer in time, or could not be reached: worth trying again. */
public class IttybitUnreachableException extends RuntimeException {

  public IttybitUnreachableException(String message, Throwable cause) {
    super(message, cause);
  }
}
