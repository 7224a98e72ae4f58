package dev.ittybatch.common.ittybit;

/** A webhook body that is none of the shapes Ittybit documents. */
public class UnrecognizedEventException extends RuntimeException {

  public UnrecognizedEventException(String message) {
    super(message);
  }
}
