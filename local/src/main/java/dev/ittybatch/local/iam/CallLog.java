package dev.ittybatch.local.iam;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Every permission every call to the stand-ins needed, and the policy they answer by. One log is
 * shared by all the stand-ins of a run, so a rehearsal can compare what was called with what was
 * granted.
 */
public final class CallLog {

  private final AccessPolicy policy;
  private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();

  public CallLog(AccessPolicy policy) {
    this.policy = policy;
  }

  /** Records nothing refused: the local run's log. */
  public static CallLog allowingAll() {
    return new CallLog(AccessPolicy.allowAll());
  }

  /**
   * Records the call and answers whether the policy allows it; the stand-in refuses it when not.
   */
  public boolean check(String identity, String method, String permission, String resource) {
    boolean allowed =
        !Identities.ANONYMOUS.equals(identity) && policy.allows(identity, permission, resource);
    calls.add(new Call(identity, method, permission, resource, allowed));
    return allowed;
  }

  /**
   * Records a call the service decides by a rule of its own, not by the grants: a job's creator may
   * read that job and its results whatever the policy says, and no one else may read a query's
   * anonymous results. A request without a token is refused all the same.
   */
  public boolean decided(
      String identity, String method, String permission, String resource, boolean allowed) {
    boolean answer = allowed && !Identities.ANONYMOUS.equals(identity);
    calls.add(new Call(identity, method, permission, resource, answer));
    return answer;
  }

  public List<Call> calls() {
    return List.copyOf(calls);
  }

  public List<Call> refused() {
    return calls.stream().filter(call -> !call.allowed()).toList();
  }
}
