import { Construct, type IConstruct } from 'constructs';

/** Props of {@link StaticFile}. */
export interface StaticFileProps {
  /** The file's path relative to the tree's root, e.g. `charts/x/Chart.yaml`. */
  readonly path: string;
  /** Its content. */
  readonly content: string;
}

/**
 * A file written into the tree as is, not an object (e.g. a small Helm chart
 * that Argo CD renders in the cluster).
 * @internal
 */
export class StaticFile extends Construct {
  /** Whether a construct is a static file. */
  public static isStaticFile(c: IConstruct): c is StaticFile {
    return c instanceof StaticFile;
  }

  public readonly path: string;
  public readonly content: string;

  constructor(scope: Construct, id: string, props: StaticFileProps) {
    super(scope, id);
    this.path = props.path;
    this.content = props.content;
  }
}
