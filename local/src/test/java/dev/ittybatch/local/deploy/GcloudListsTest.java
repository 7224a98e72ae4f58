package dev.ittybatch.local.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** gcloud's ArgList (googlecloudsdk/calliope/arg_parsers.py) and {@code gcloud topic escaping}. */
class GcloudListsTest {

  @Test
  void splitsAtCommasUnlessTheValueNamesAnotherDelimiter() {
    assertThat(GcloudLists.split("a,b,c")).containsExactly("a", "b", "c");
    assertThat(GcloudLists.split("^:^a,b:c")).containsExactly("a,b", "c");
    assertThat(GcloudLists.split("^::^a:b::c")).containsExactly("a:b", "c");
    assertThat(GcloudLists.split("^,^^a^,b,c")).containsExactly("^a^", "b", "c");
  }

  @Test
  void underAnotherDelimiterACommaStaysInsideItsElement() {
    assertThat(GcloudLists.split("^|^--manifest=m|--retry=failed|--skip-invalid,--rejects=r"))
        .containsExactly("--manifest=m", "--retry=failed", "--skip-invalid,--rejects=r");
  }

  @Test
  void aTrailingDelimiterEndsTheListAndEmptyIsNone() {
    assertThat(GcloudLists.split("a,b,")).containsExactly("a", "b");
    assertThat(GcloudLists.split("")).isEmpty();
    assertThat(GcloudLists.split("^")).containsExactly("^");
    assertThatThrownBy(() -> GcloudLists.split("^^a")).hasMessageContaining("empty delimiter");
  }

  @Test
  void aDictionarySplitsEachElementAtItsFirstEquals() {
    assertThat(GcloudLists.splitDict("A=1,B=x=y,C="))
        .containsEntry("A", "1")
        .containsEntry("B", "x=y")
        .containsEntry("C", "");
    assertThatThrownBy(() -> GcloudLists.splitDict("A=1,B")).hasMessageContaining("\"B\"");
  }
}
