import { AppConstruct, AppDefinition } from '@acme/paved';

/** Sends push notifications; internal only. */
export const pushWorker: AppDefinition = (scope) =>
  new AppConstruct(scope, 'push-worker', {
    team: scope.team,
    image: 'registry.example.com/mobile/push-worker:1.7.3@sha256:5160a6a7fd86f45249c6eabc174140e83b4136a7d4b0335e8428eddb87823dfd',
    port: 9000,
    description: 'Sends push notifications to the mobile apps through APNs and FCM.',
    tags: ['mobile', 'notifications'],
    secrets: [
      { name: 'apns-key', key: 'teams/mobile/apns', property: 'key' },
      { name: 'fcm-key', key: 'teams/mobile/fcm', property: 'key' },
    ],
  });
