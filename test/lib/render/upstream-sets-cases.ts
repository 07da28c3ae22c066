/**
 * KubeVela's patch strategy tests, ported as data: each base, patch and
 * expected result (CUE text, evaluated by the runner) is copied from
 * kubevela/workflow pkg/cue/model/sets/operation_test.go at 56b80cee4121,
 * the version KubeVela 1.10.9's go.mod pins (where StrategyUnify lives).
 * A case paved does not run says why in `skip`.
 */

/** A base and a patch through KubeVela's StrategyUnify, with its result (CUE text) or error. */
export interface SetsCase {
  readonly id: string;
  readonly source: string;
  readonly base: string;
  readonly patch: string;
  readonly options?: 'jsonPatch' | 'jsonMergePatch';
  readonly result?: string;
  readonly expectedErr?: string;
  readonly skip?: string;
}

/** pkg/cue/model/sets/operation_test.go (kubevela/workflow) */
export const SETS_CASES: readonly SetsCase[] = [
  {
    // pkg/cue/model/sets/operation_test.go TestPatch case 0
    id: 'TestPatch case-0',
    source: 'kubevela/workflow pkg/cue/model/sets/operation_test.go TestPatch case 0',
    base: 'containers: [{name: "x1"},{name: "x2"},...]',
    patch: 'containers: [{name: "x1"},{name: "x2",image: "pause:0.1"}]',
    result: 'containers: [{\n\tname: "x1"\n}, {\n\tname:  "x2"\n\timage: "pause:0.1"\n}]\n',
  },
  {
    // pkg/cue/model/sets/operation_test.go TestPatch case 1
    id: 'TestPatch case-1',
    source: 'kubevela/workflow pkg/cue/model/sets/operation_test.go TestPatch case 1',
    base: 'containers: [{name: "x1"},{name: "x2"},...]',
    patch: 'containers: [{name: "x2"},{name: "x1"}]',
    expectedErr: 'conflicting values "x2" and "x1"',
  },
  {
    // pkg/cue/model/sets/operation_test.go TestPatch case 2
    id: 'TestPatch case-2',
    source: 'kubevela/workflow pkg/cue/model/sets/operation_test.go TestPatch case 2',
    base: 'containers: [{name: _|_},{name: "x2"},...]',
    patch: 'containers: [{name: _|_},{name: "x2"}]',
    expectedErr: 'explicit error (_|_ literal) in source',
    skip: 'the base holds an explicit error (_|_): paved patches rendered objects, which never do',
  },
  {
    // pkg/cue/model/sets/operation_test.go TestPatch case 3
    id: 'TestPatch case-3',
    source: 'kubevela/workflow pkg/cue/model/sets/operation_test.go TestPatch case 3',
    base: 'containers: [{name: "x1"},{name: "x2"},...]',
    patch: '\n// +patchKey=name\ncontainers: [{name: "x2"},{name: "x1"}]',
    result: '// +patchKey=name\ncontainers: [{\n\tname: "x1"\n}, {\n\tname: "x2"\n}, ...]\n',
  },
  {
    // pkg/cue/model/sets/operation_test.go TestPatch case 4
    id: 'TestPatch case-4',
    source: 'kubevela/workflow pkg/cue/model/sets/operation_test.go TestPatch case 4',
    base: 'containers: [close({namex: "x1"}),...]',
    patch: '\n// +patchKey=name\ncontainers: [{name: "x2"},{name: "x1"}]',
    result: '// +patchKey=name\ncontainers: [{\n\tnamex: "x1"\n\tname:  "x2"\n}, {\n\tname: "x1"\n}, ...]\n',
  },
  {
    // pkg/cue/model/sets/operation_test.go TestPatch case 5
    id: 'TestPatch case-5',
    source: 'kubevela/workflow pkg/cue/model/sets/operation_test.go TestPatch case 5',
    base: 'containers: [{name: "x1"},{name: "x2"},...]',
    patch: '\n// +patchKey=name\ncontainers: [{name: "x4"},{name: "x3"},{name: "x1"}]',
    result: '// +patchKey=name\ncontainers: [{\n\tname: "x1"\n}, {\n\tname: "x2"\n}, {\n\tname: "x4"\n}, {\n\tname: "x3"\n}, ...]\n',
  },
  {
    // pkg/cue/model/sets/operation_test.go TestPatch case 6
    id: 'TestPatch case-6',
    source: 'kubevela/workflow pkg/cue/model/sets/operation_test.go TestPatch case 6',
    base: 'containers: [{name: "x1"},{name: "x2"},...]',
    patch: '\n// +patchKey=name\ncontainers: [{noname: "x3"},...]',
    result: '// +patchKey=name\ncontainers: [{\n\tname:   "x1"\n\tnoname: "x3"\n}, {\n\tname: "x2"\n}, ...]\n',
  },
  {
    // pkg/cue/model/sets/operation_test.go TestPatch case 7
    id: 'TestPatch case-7',
    source: 'kubevela/workflow pkg/cue/model/sets/operation_test.go TestPatch case 7',
    base: 'containers: [{name: "x1"},{name: "x2"},...]',
    patch: '// +patchKey=name\ncontainers: [{noname: "x3"},{name: "x1"}]',
    result: '// +patchKey=name\ncontainers: [{\n\tname: "x1"\n}, {\n\tname: "x2"\n}, ...]\n',
  },
  {
    // pkg/cue/model/sets/operation_test.go TestPatch case 8
    id: 'TestPatch case-8',
    source: 'kubevela/workflow pkg/cue/model/sets/operation_test.go TestPatch case 8',
    base: 'containers: [{name: "x1"},{name: "x2", envs:[ {name: "OPS",value: string},...]},...]',
    patch: '\n// +patchKey=name\ncontainers: [{name: "x2", envs: [{name: "OPS", value: "OAM"}]}]',
    result: '// +patchKey=name\ncontainers: [{\n\tname: "x1"\n}, {\n\tname: "x2"\n\tenvs: [{\n\t\tname:  "OPS"\n\t\tvalue: "OAM"\n\t}, ...]\n}, ...]\n',
    skip: 'the base is not concrete (a CUE type such as `value: string`); paved patches rendered, concrete objects',
  },
  {
    // pkg/cue/model/sets/operation_test.go TestPatch case 9
    id: 'TestPatch case-9',
    source: 'kubevela/workflow pkg/cue/model/sets/operation_test.go TestPatch case 9',
    base: 'containers: [close({name: "x1"}),close({name: "x2", envs:[{name: "OPS",value: string},...]}),...]',
    patch: '\n// +patchKey=name\ncontainers: [{name: "x2", envs: [close({name: "OPS", value: "OAM"})]}]',
    result: '// +patchKey=name\ncontainers: [{\n\tname: "x1"\n}, {\n\tname: "x2"\n\tenvs: [{\n\t\tname:  "OPS"\n\t\tvalue: "OAM"\n\t}, ...]\n}, ...]\n',
    skip: 'the base is not concrete (a CUE type such as `value: string`); paved patches rendered, concrete objects',
  },
  {
    // pkg/cue/model/sets/operation_test.go TestPatch case 10
    id: 'TestPatch case-10',
    source: 'kubevela/workflow pkg/cue/model/sets/operation_test.go TestPatch case 10',
    base: 'containers: [{name: "x1"},{name: "x2", envs:[ {name: "OPS",value: string},...]},...]',
    patch: '\n// +patchKey=name\ncontainers: [{name: "x2", envs: [{name: "USER", value: "DEV"},{name: "OPS", value: "OAM"}]}]',
    result: '// +patchKey=name\ncontainers: [{\n\tname: "x1"\n}, {\n\tname: "x2"\n\tenvs: [{\n\t\tname:  "OPS"\n\t\tvalue: "OAM"\n\t}, {\n\t\tname:  "USER"\n\t\tvalue: "DEV"\n\t}, ...]\n}, ...]\n',
    skip: 'the base is not concrete (a CUE type such as `value: string`); paved patches rendered, concrete objects',
  },
  {
    // pkg/cue/model/sets/operation_test.go TestPatch case 11
    id: 'TestPatch case-11',
    source: 'kubevela/workflow pkg/cue/model/sets/operation_test.go TestPatch case 11',
    base: 'containers: [{name: "x1"},{name: "x2", envs:[ {key: "OPS",value: string},...]},...]',
    patch: '\n// +patchKey=name\ncontainers: [{name: "x2", \n// +patchKey=key\nenvs: [{key: "USER", value: "DEV"},{key: "OPS", value: "OAM"}]}]',
    result:
      '// +patchKey=name\ncontainers: [{\n\tname: "x1"\n}, {\n\tname: "x2"\n\t// +patchKey=key\n\tenvs: [{\n\t\tkey:   "OPS"\n\t\tvalue: "OAM"\n\t}, {\n\t\tkey:   "USER"\n\t\tvalue: "DEV"\n\t}, ...]\n}, ...]\n',
    skip: 'the base is not concrete (a CUE type such as `value: string`); paved patches rendered, concrete objects',
  },
  {
    // pkg/cue/model/sets/operation_test.go TestPatch case 12
    id: 'TestPatch case-12',
    source: 'kubevela/workflow pkg/cue/model/sets/operation_test.go TestPatch case 12',
    base: 'envFrom: [{\n\t\t\t\t\tsecretRef: {\n\t\t\t\t\t\tname:  "nginx-rds"\n\t\t\t\t\t}},...]',
    patch: '\n// +patchKey=secretRef.name\nenvFrom: [{\n\t\t\t\t\tsecretRef: {\n\t\t\t\t\t\tname:  "nginx-redis"\n\t\t\t\t\t}},...]\n',
    result: '// +patchKey=secretRef.name\nenvFrom: [{\n\tsecretRef: {\n\t\tname: "nginx-rds"\n\t}\n}, {\n\tsecretRef: {\n\t\tname: "nginx-redis"\n\t}\n}, ...]\n',
  },
  {
    // pkg/cue/model/sets/operation_test.go TestPatch case 13
    id: 'TestPatch case-13',
    source: 'kubevela/workflow pkg/cue/model/sets/operation_test.go TestPatch case 13',
    base: '\n             containers: [{\n                 name: "c1"\n             },{\n                 name: "c2"\n                 envFrom: [{\n\t\t\t\t\tsecretRef: {\n\t\t\t\t\t\tname:  "nginx-rds"\n                 }},...]\n             },...]',
    patch:
      '\n             // +patchKey=name\n             containers: [{\n                 name: "c2"\n                 // +patchKey=secretRef.name\n                 envFrom: [{\n\t\t\t\t\tsecretRef: {\n\t\t\t\t\t\tname:  "nginx-redis"\n                 }},...]\n             }]',
    result:
      '// +patchKey=name\ncontainers: [{\n\tname: "c1"\n}, {\n\tname: "c2"\n\t// +patchKey=secretRef.name\n\tenvFrom: [{\n\t\tsecretRef: {\n\t\t\tname: "nginx-rds"\n\t\t}\n\t}, {\n\t\tsecretRef: {\n\t\t\tname: "nginx-redis"\n\t\t}\n\t}, ...]\n}, ...]\n',
  },
  {
    // pkg/cue/model/sets/operation_test.go TestPatch case 14
    id: 'TestPatch case-14',
    source: 'kubevela/workflow pkg/cue/model/sets/operation_test.go TestPatch case 14',
    base: '\n             containers: [{\n               volumeMounts: [{name: "k1", path: "p1"},{name: "k1", path: "p2"},...]\n             },...]\n\t\t\tvolumes: [{name: "x1",value: "v1"},{name: "x2",value: "v2"},...]\n',
    patch:
      '\n\t\t\t // +patchKey=name\n             volumes: [{name: "x1",value: "v1"},{name: "x3",value: "x2"}]\n             \n             containers: [{\n               volumeMounts: [{name: "k1", path: "p1"},{name: "k1", path: "p2"},{ name:"k2", path: "p3"}]\n             },...]',
    result:
      'containers: [{\n\tvolumeMounts: [{\n\t\tname: "k1"\n\t\tpath: "p1"\n\t}, {\n\t\tname: "k1"\n\t\tpath: "p2"\n\t}, {\n\t\tname: "k2"\n\t\tpath: "p3"\n\t}]\n}, ...]\n\n// +patchKey=name\nvolumes: [{\n\tname:  "x1"\n\tvalue: "v1"\n}, {\n\tname:  "x2"\n\tvalue: "v2"\n}, {\n\tname:  "x3"\n\tvalue: "x2"\n}, ...]\n',
  },
  {
    // pkg/cue/model/sets/operation_test.go TestPatch case 15
    id: 'TestPatch case-15',
    source: 'kubevela/workflow pkg/cue/model/sets/operation_test.go TestPatch case 15',
    base: '\ncontainers: [{\n\tname: "c1"\n},{\n\tname: "c2"\n\tenvFrom: [{\n\t\tsecretRef: {\n\t\t\tname:  "nginx-rds"\n\t\t},\n\t}, {\n\t\tconfigMapRef: {\n\t\t\tname:  "nginx-rds"\n\t\t},\n\t},...]\n},...]',
    patch:
      '\n// +patchKey=name\ncontainers: [{\n\tname: "c2"\n\t// +patchKey=secretRef.name,configMapRef.name\n\tenvFrom: [{\n\t\tsecretRef: {\n\t\t\tname:  "nginx-redis"\n\t\t},\n\t}, {\n\t\tconfigMapRef: {\n\t\t\tname:  "nginx-redis"\n\t\t},\n\t},...]\n}]',
    result:
      '// +patchKey=name\ncontainers: [{\n\tname: "c1"\n}, {\n\tname: "c2"\n\t// +patchKey=secretRef.name,configMapRef.name\n\tenvFrom: [{\n\t\tsecretRef: {\n\t\t\tname: "nginx-rds"\n\t\t}\n\t}, {\n\t\tconfigMapRef: {\n\t\t\tname: "nginx-rds"\n\t\t}\n\t}, {\n\t\tsecretRef: {\n\t\t\tname: "nginx-redis"\n\t\t}\n\t}, {\n\t\tconfigMapRef: {\n\t\t\tname: "nginx-redis"\n\t\t}\n\t}, ...]\n}, ...]\n',
  },
  {
    // pkg/cue/model/sets/operation_test.go TestPatch case 16
    id: 'TestPatch case-16',
    source: 'kubevela/workflow pkg/cue/model/sets/operation_test.go TestPatch case 16',
    base: 'containers: [{name: "x1"}]',
    patch: '\ncontainers: [{\n\t// +patchKey=name\n\tenv: [{\n\t\tname: "k"\n\t\tvalue: "v"\n\t}]\n}, ...]',
    result: 'containers: [{\n\tname: "x1"\n\t// +patchKey=name\n\tenv: [{\n\t\tname:  "k"\n\t\tvalue: "v"\n\t}]\n}, ...]\n',
  },
  {
    // pkg/cue/model/sets/operation_test.go TestStrategyPatch case 0
    id: 'TestStrategyPatch case-0',
    source: 'kubevela/workflow pkg/cue/model/sets/operation_test.go TestStrategyPatch case 0',
    base: '\nspec: {\n  strategy: {\n    type: "rollingUpdate"\n    rollingUpdate: maxSurge: "30%"\n\t}\n}\n',
    patch: '\nspec: {\n  // +patchStrategy=retainKeys\n  strategy: type: "recreate"\n}\n',
    result: 'spec: {\n\tstrategy: {\n\t\t// +patchStrategy=retainKeys\n\t\ttype: "recreate"\n\t\trollingUpdate: {\n\t\t\tmaxSurge: "30%"\n\t\t}\n\t}\n}\n',
  },
  {
    // pkg/cue/model/sets/operation_test.go TestStrategyPatch case 1
    id: 'TestStrategyPatch case-1',
    source: 'kubevela/workflow pkg/cue/model/sets/operation_test.go TestStrategyPatch case 1',
    base: '\nspec: {\n  strategy: close({\n    type: "rollingUpdate"\n    rollingUpdate: maxSurge: "30%"\n\t})\n}\n',
    patch: '\nspec: {\n  // +patchStrategy=retainKeys\n  strategy: type: "recreate"\n}\n',
    result: 'spec: {\n\tstrategy: {\n\t\t// +patchStrategy=retainKeys\n\t\ttype: "recreate"\n\t\trollingUpdate: {\n\t\t\tmaxSurge: "30%"\n\t\t}\n\t}\n}\n',
  },
  {
    // pkg/cue/model/sets/operation_test.go TestStrategyPatch case 2
    id: 'TestStrategyPatch case-2',
    source: 'kubevela/workflow pkg/cue/model/sets/operation_test.go TestStrategyPatch case 2',
    base: '\nvolumes: [{\n\tname: "test-volume"\n\tcinder: {\n\t\tvolumeID: "<volume id>"\n\t\tfsType: "ext4"\n\t}\n}]\n',
    patch: '\n// +patchStrategy=retainKeys\n// +patchKey=name\nvolumes: [\n{\n\tname: "test-volume"\n\tconfigMap: name: "conf-name"\n}]\n',
    result: '// +patchStrategy=retainKeys\n// +patchKey=name\nvolumes: [{\n\tname: "test-volume"\n\tconfigMap: {\n\t\tname: "conf-name"\n\t}\n}, ...]\n',
  },
  {
    // pkg/cue/model/sets/operation_test.go TestStrategyPatch case 3
    id: 'TestStrategyPatch case-3',
    source: 'kubevela/workflow pkg/cue/model/sets/operation_test.go TestStrategyPatch case 3',
    base: '\nvolumes: [{\n\tname: "empty-volume"\n\temptyDir: {}\n},\n{\n\tname: "test-volume"\n\tcinder: {\n\t\tvolumeID: "<volume id>"\n\t\tfsType: "ext4"\n\t}\n}]\n',
    patch: '\n// +patchStrategy=retainKeys\n// +patchKey=name\nvolumes: [\n{\n\tname: "test-volume"\n\tconfigMap: name: "conf-name"\n}]\n',
    result: '// +patchStrategy=retainKeys\n// +patchKey=name\nvolumes: [{\n\tname: "empty-volume"\n\temptyDir: {}\n}, {\n\tname: "test-volume"\n\tconfigMap: {\n\t\tname: "conf-name"\n\t}\n}, ...]\n',
  },
  {
    // pkg/cue/model/sets/operation_test.go TestStrategyPatch case 4
    id: 'TestStrategyPatch case-4',
    source: 'kubevela/workflow pkg/cue/model/sets/operation_test.go TestStrategyPatch case 4',
    base: '\ncontainers: [{\n\tname: "c1"\n\timage: "image1"\n},\n{\n\tname: "c2"\n\tenvs:[{name: "e1",value: "v1"}]\n}]\n',
    patch: '\n// +patchKey=name\ncontainers: [{\n\tname: "c2"\n\t// +patchStrategy=retainKeys\n\tenvs:[{name: "e1",value: "v2"},...]\n}]\n',
    result:
      '// +patchKey=name\ncontainers: [{\n\tname:  "c1"\n\timage: "image1"\n}, {\n\tname: "c2"\n\t// +patchStrategy=retainKeys\n\tenvs: [{\n\t\tname:  "e1"\n\t\tvalue: "v2"\n\t}, ...]\n}, ...]\n',
  },
  {
    // pkg/cue/model/sets/operation_test.go TestStrategyPatch case 5
    id: 'TestStrategyPatch case-5',
    source: 'kubevela/workflow pkg/cue/model/sets/operation_test.go TestStrategyPatch case 5',
    base: '\nspec: containers: [{\n\tname: "c1"\n\timage: "image1"\n},\n{\n\tname: "c2"\n\tenvs:[{name: "e1",value: "v1"}]\n}]\n',
    patch: '\n// +patchKey=name\n// +patchStrategy=retainKeys\nspec: {\n\tcontainers: [{\n\t\tname: "c2"\n\t\tenvs:[{name: "e1",value: "v2"}]\n}]}\n',
    result: 'spec: {\n\t// +patchKey=name\n\t// +patchStrategy=retainKeys\n\tcontainers: [{\n\t\tname: "c2"\n\t\tenvs: [{\n\t\t\tname:  "e1"\n\t\t\tvalue: "v2"\n\t\t}, ...]\n\t}, ...]\n}\n',
  },
  {
    // pkg/cue/model/sets/operation_test.go TestStrategyPatch case 6
    id: 'TestStrategyPatch case-6',
    source: 'kubevela/workflow pkg/cue/model/sets/operation_test.go TestStrategyPatch case 6',
    base: '\nkind: "Old"\nmetadata: {\n\tname: "Old"\n\tlabels: keep: "true"\n}\n',
    patch: '// +patchStrategy=retainKeys\nkind: "New"\nmetadata: {\n\t// +patchStrategy=retainKeys\n\tname: "New"\n}\n',
    result: '\t// +patchStrategy=retainKeys\nkind: "New"\nmetadata: {\n\t// +patchStrategy=retainKeys\n\tname: "New"\n\tlabels: {\n\t\tkeep: "true"\n\t}\n}\n',
  },
  {
    // pkg/cue/model/sets/operation_test.go TestStrategyPatch case 7
    id: 'TestStrategyPatch case-7',
    source: 'kubevela/workflow pkg/cue/model/sets/operation_test.go TestStrategyPatch case 7',
    base: '\nspec: containers: [{\n\tname: "c1"\n\timage: "image1"\n},\n{\n\tname: "c2"\n\tenvs:[{name: "e1",value: "v1"}]\n}]\n',
    patch: '\nspec: containers: [{\n\tname: "c3"\n\timage: "image3"\n}]\n',
    options: 'jsonMergePatch',
    result: 'spec: {\n\tcontainers: [{\n\t\timage: "image3"\n\t\tname:  "c3"\n\t}, ...]\n}\n',
  },
  {
    // pkg/cue/model/sets/operation_test.go TestStrategyPatch case 8
    id: 'TestStrategyPatch case-8',
    source: 'kubevela/workflow pkg/cue/model/sets/operation_test.go TestStrategyPatch case 8',
    base: '\nspec: containers: [{\n\tname: "c1"\n\timage: "image1"\n}]\n',
    patch: '\noperations: [{\n\t{op: "add", path: "/spec/containers/0", value: {name: "c4", image: "image4"}}\n}]\n',
    options: 'jsonPatch',
    result: 'spec: {\n\tcontainers: [{\n\t\tname:  "c4"\n\t\timage: "image4"\n\t}, {\n\t\tname:  "c1"\n\t\timage: "image1"\n\t}, ...]\n}\n',
  },
  {
    // pkg/cue/model/sets/operation_test.go TestStrategyPatch case 9
    id: 'TestStrategyPatch case-9',
    source: 'kubevela/workflow pkg/cue/model/sets/operation_test.go TestStrategyPatch case 9',
    base: '\nspec: containers: [{\n\tname: "c1"\n\tenvs:[{name: "e1",value: "v1"}]\n}]\n',
    patch: '\n// +patchKey=name\nspec: {\n\tcontainers: [{\n\t\tname: "c1"\n\t\t// +patchStrategy=replace\n\t\tenvs:[{name: "e1",value: "v2"}]\n}]}\n',
    result: 'spec: {\n\t// +patchKey=name\n\tcontainers: [{\n\t\tname: "c1"\n\t\t// +patchStrategy=replace\n\t\tenvs: [{\n\t\t\tname:  "e1"\n\t\t\tvalue: "v2"\n\t\t}]\n\t}, ...]\n}\n',
  },
];
