/** What every editor feature reads: the session, its current analysis, and the file asked about. */
import type { Analysis, SourceFile } from "../../engine";
import type { Session } from "../session";

export interface FeatureContext {
  session: Session;
  analysis: Analysis;
  file: SourceFile;
}
