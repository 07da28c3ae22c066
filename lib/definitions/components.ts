/**
 * The platform's own KubeVela component definitions, in CUE: jobs whose pods
 * pass Pod Security "restricted" by construction (KubeVela's `cron-task` and
 * the security traits do not reach a CronJob's pods), and a release job named
 * per application revision (a Job's pod template cannot change, so KubeVela's
 * `task` could run a migration only once).
 */
import type { PlatformDefinitionSource } from './traits';

/** The component of an app's scheduled jobs. */
export const CRON_JOB_COMPONENT = 'paved-cron-job';

/** The component of an app's release job (migrations), run before the app's new version. */
export const RELEASE_JOB_COMPONENT = 'paved-release-job';

/** The pod and container parts every job of the platform shares, as CUE. */
const POD = `	restartPolicy: "Never"
	securityContext: {
		runAsNonRoot: true
		seccompProfile: type: "RuntimeDefault"
		if parameter.runAsUser != _|_ {
			runAsUser: parameter.runAsUser
		}
	}
	containers: [{
		name:    context.name
		image:   parameter.image
		command: parameter.cmd
		if parameter.env != _|_ {
			env: parameter.env
		}
		resources: {
			requests: {
				cpu:    parameter.cpu
				memory: parameter.memory
			}
			limits: {
				cpu:    parameter.cpu
				memory: parameter.memory
			}
		}
		securityContext: {
			allowPrivilegeEscalation: false
			readOnlyRootFilesystem:   true
			privileged:               false
			runAsNonRoot:             true
			capabilities: drop: ["ALL"]
			if parameter.runAsUser != _|_ {
				runAsUser: parameter.runAsUser
			}
		}
		volumeMounts: [for i, p in parameter.writablePaths {
			name:      "writable-\\(i)"
			mountPath: p
		}]
	}]
	volumes: [for i, p in parameter.writablePaths {
		name: "writable-\\(i)"
		emptyDir: {}
	}]`;

/** The parameters every job of the platform shares, as CUE. */
const PARAMETERS = `	// +usage=The container image
	image: string
	// +usage=The command the job runs
	cmd: [...string]
	// +usage=Environment variables (values, or references to Secret keys)
	env?: [...{
		name:   string
		value?: string
		valueFrom?: secretKeyRef: {
			name: string
			key:  string
		}
	}]
	// +usage=CPU, requested and the limit
	cpu: string
	// +usage=Memory, requested and the limit
	memory: string
	// +usage=The user id the container runs as (never 0)
	runAsUser?: int
	// +usage=Paths the job may write to (each an empty, pod-local volume: the root file system is read-only)
	writablePaths: [...string]
	// +usage=Seconds the job may run before it is stopped and fails
	activeDeadlineSeconds: *3600 | int
	// +usage=Retries before the job fails
	backoffLimit: *2 | int`;

const cronJob: PlatformDefinitionSource = {
  name: CRON_JOB_COMPONENT,
  kind: 'ComponentDefinition',
  description: 'A scheduled job whose pods pass Pod Security "restricted": a CronJob, non-root, read-only, no capabilities.',
  workload: { apiVersion: 'batch/v1', kind: 'CronJob' },
  template: `output: {
	apiVersion: "batch/v1"
	kind:       "CronJob"
	metadata: name: context.name
	spec: {
		schedule:                   parameter.schedule
		timeZone:                   parameter.timeZone
		concurrencyPolicy:          parameter.concurrencyPolicy
		successfulJobsHistoryLimit: parameter.successfulJobsHistoryLimit
		failedJobsHistoryLimit:     parameter.failedJobsHistoryLimit
		jobTemplate: spec: {
			activeDeadlineSeconds: parameter.activeDeadlineSeconds
			backoffLimit:          parameter.backoffLimit
			template: {
				metadata: labels: {
					"app.oam.dev/name":      context.appName
					"app.oam.dev/component": context.name
				}
				spec: {
${POD.replace(/^/gm, '\t\t\t')}
				}
			}
		}
	}
}
parameter: {
	// +usage=When the job runs, in cron syntax (minute hour day-of-month month day-of-week)
	schedule: string
	// +usage=The time zone of the schedule (an IANA name)
	timeZone: *"Etc/UTC" | string
	// +usage=Whether a run may start while the previous one still runs
	concurrencyPolicy: *"Forbid" | "Allow" | "Replace"
	// +usage=Finished runs kept
	successfulJobsHistoryLimit: *3 | int
	// +usage=Failed runs kept
	failedJobsHistoryLimit: *1 | int
${PARAMETERS}
}
`,
};

const releaseJob: PlatformDefinitionSource = {
  name: RELEASE_JOB_COMPONENT,
  kind: 'ComponentDefinition',
  description: "A job that runs once per application revision (database migrations), healthy when it succeeded; the app's workflow applies the rest only then.",
  workload: { apiVersion: 'batch/v1', kind: 'Job' },
  template: `output: {
	apiVersion: "batch/v1"
	kind:       "Job"
	metadata: name: "\\(context.name)-\\(context.appRevisionNum)"
	spec: {
		activeDeadlineSeconds:   parameter.activeDeadlineSeconds
		backoffLimit:            parameter.backoffLimit
		ttlSecondsAfterFinished: 86400
		template: {
			metadata: labels: {
				"app.oam.dev/name":      context.appName
				"app.oam.dev/component": context.name
			}
			spec: {
${POD.replace(/^/gm, '\t\t')}
			}
		}
	}
}
parameter: {
${PARAMETERS}
}
`,
};

/** The platform's own component definitions. */
export const PLATFORM_COMPONENTS: readonly PlatformDefinitionSource[] = [cronJob, releaseJob];

/** The health of a release job: it succeeded. */
export const RELEASE_JOB_HEALTH = 'isHealth: context.output.status.succeeded != _|_ && context.output.status.succeeded > 0';
