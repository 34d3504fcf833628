/**
 * Users and groups delta payloads from Microsoft's documentation, verbatim (from
 * /work/shared/graph-fixtures: concepts/delta-query-users.md ms.date 01/12/2024 commit 135d001,
 * concepts/delta-query-groups.md commit 007852a). Relative start URLs are ours.
 */

/** user-delta-first-page-nextlink.json — request: https://graph.microsoft.com/v1.0/users/delta?$select=displayName,givenName,surname */
export const usersPage1 = {
  "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users(displayName,givenName,surname)",
  "@odata.nextLink": "https://graph.microsoft.com/v1.0/users/delta?$skiptoken=oEBwdSP6uehIAxQOWq_3Ksh_TLol6KIm3stvdc6hGhZRi1hQ7Spe__dpvm3U4zReE4CYXC2zOtaKdi7KHlUtC2CbRiBIUwOxPKLa",
  "value": [
    {
      "displayName": "Cameron White",
      "givenName": "Cameron",
      "surname": "White",
      "id": "ffff7b1a-13b6-477b-8c0c-380905cd99f7"
    },
    {
      "displayName": "Delia Dennis",
      "givenName": "Delia",
      "surname": "Dennis",
      "id": "605d1257-ffff-40b6-8e6f-528a53f5dc55"
    },
    {
      "id": "86462606-fde0-4fc4-9e0c-a20eb73e54c6",
      "@removed": {
        "reason": "deleted"
      }
    },
    {
      "displayName": "Conf Room Adams",
      "id": "6ea91a8d-e32e-41a1-b7bd-d2d185eed0e0"
    }
  ]
};

/** user-delta-second-page-nextlink.json — request: https://graph.microsoft.com/v1.0/users/delta?$skiptoken=oEBwdSP6uehIAxQOWq_3Ksh_TLol6KIm3stvdc6hGhZRi1hQ7Spe__dpvm3U4zReE4CYXC2zOtaKdi7KHlUtC2CbRiBIUwOxPKLa */
export const usersPage2 = {
  "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users",
  "@odata.nextLink": "https://graph.microsoft.com/v1.0/users/delta?$skiptoken=pqwSUjGYvb3jQpbwVAwEL7yuI3dU1LecfkkfLPtnIjtQ5LOhVoS7qQG_wdVCHHlbQpga7",
  "value": [
    {
      "displayName": "Mallory Cortez",
      "givenName": "Mallory",
      "surname": "Cortez",
      "id": "d8c37826-ffff-4cae-b348-e2725b1e814b"
    },
    {
      "displayName": "Diego Sicilian",
      "givenName": "Diego",
      "surname": "Sicilian",
      "id": "8b1ee412-cd8f-4d59-ffff-24010edb9f1f"
    }
  ]
};

/** user-delta-final-page-deltalink.json — request: https://graph.microsoft.com/v1.0/users/delta?$skiptoken=pqwSUjGYvb3jQpbwVAwEL7yuI3dU1LecfkkfLPtnIjtQ5LOhVoS7qQG_wdVCHHlbQpga7 */
export const usersFinalPage = {
  "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users",
  "@odata.deltaLink": "https://graph.microsoft.com/v1.0/users/delta?$deltatoken=oEcOySpF_hWYmTIUZBOIfPzcwisr_rPe8o9M54L45qEXQGmvQC6T2dbL-9O7nSU-njKhFiGlAZqewNAThmCVnNxqPu5gOBegrm1CaVZ-ZtFZ2tPOAO98OD9y0ao460",
  "value": [
    {
      "displayName": "Lidia Holloway",
      "givenName": "Lidia",
      "surname": "Holloway",
      "id": "25dcffff-959e-4ece-9973-e5d9b800e8cc"
    },
    {
      "displayName": "Patti Fernandez",
      "givenName": "Patti",
      "surname": "Fernandez",
      "id": "f6ede700-27d0-4c42-bfb9-4dffff43c74a"
    }
  ]
};

/** user-delta-deltalink-round-no-changes.json — request: https://graph.microsoft.com/v1.0/users/delta?$deltatoken=oEcOySpF_hWYmTIUZBOIfPzcwisr_rPe8o9M54L45qEXQGmvQC6T2dbL-9O7nSU-njKhFiGlAZqewNAThmCVnNxqPu5gOBegrm1CaVZ-ZtFZ2tPOAO98OD9y0ao460 */
export const usersRoundNoChanges = {
  "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users",
  "@odata.deltaLink": "https://graph.microsoft.com/v1.0/users/delta?$deltatoken=MF1LuFYbK6Lw4DtZ4o9PDrcGekRP65WEJfDmM0H26l4v9zILCPFiPwSAAeRBghxgiwsXEfywcVQ9R8VEWuYAB50Yw3KvJ-8Z1zamVotGX2b_AHVS_Z-3b0NAtmGpod",
  "value": []
};

/** user-delta-deltalink-round-removed.json — request: https://graph.microsoft.com/v1.0/users/delta?$deltatoken=oEcOySpF_hWYmTIUZBOIfPzcwisr_rPe8o9M54L45qEXQGmvQC6T2dbL-9O7nSU-njKhFiGlAZqewNAThmCVnNxqPu5gOBegrm1CaVZ-ZtFZ2tPOAO98OD9y0ao460 */
export const usersRoundRemoved = {
  "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users",
  "@odata.deltaLink": "https://graph.microsoft.com/v1.0/users/delta?$deltatoken=MF1LuFYbK6Lw4DtZ4o9PDrcGekRP65WEJfDmM0H26l4v9zILCPFiPwSAAeRBghxgiwsXEfywcVQ9R8VEWuYAB50Yw3KvJ-8Z1zamVotGX2b_AHVS_Z-3b0NAtmGpod",
  "value": [
    {
      "displayName": "MOD Administrator",
      "givenName": "MOD",
      "surname": "Administrator",
      "id": "25dcffff-959e-4ece-9973-e5d9b800e8cc"
    },
    {
      "id": "8ffff70c-1c63-4860-b963-e34ec660931d",
      "@removed": {
        "reason": "changed"
      }
    }
  ]
};

/** group-delta-initial-members.json — request: https://graph.microsoft.com/v1.0/groups/delta?$select=displayName,description&$expand=members */
export const groupsInitial = {
  "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#groups(displayName,description)",
  "@odata.nextLink": "https://graph.microsoft.com/v1.0/groups/delta?$skiptoken=pqwSUjGYvb3jQpbwVAwEL7yuI3dU1LecfkkfLPtnIjvB7XnF_yllFsCrZJ",
  "value": [
    {
      "displayName": "TestGroup1",
      "description": "Employees in test group 1",
      "id": "c2f798fd-f95d-4623-8824-63aec21fffff",
      "members@delta": [
        {
          "@odata.type": "#microsoft.graph.user",
          "id": "693acd06-2877-4339-8ade-b704261fe7a0"
        },
        {
          "@odata.type": "#microsoft.graph.user",
          "id": "49320844-be99-4164-8167-87ff5d047ace"
        }
      ]
    },
    {
      "displayName": "TestGroup2",
      "description": "Employees in test group 2",
      "id": "ec22655c-8eb2-432a-b4ea-8b8a254bffff"
    }
  ]
};

/** group-delta-deltalink-members-removed.json — request: https://graph.microsoft.com/v1.0/groups/delta?$deltatoken=sZwAFZibx-LQOdZIo1hHhmmDhHzCY0Hs6snoIHJCSIfCHdqKdWNZ2VX3kErpyna9GygROwBk-rqWWMFxJC3pw */
export const groupsRoundMembersRemoved = {
  "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#groups",
  "@odata.deltaLink": "https://graph.microsoft.com/v1.0/groups/delta?$deltatoken=sZwAFZibx-LQOdZIo1hHhmmDhHzCY0Hs6snoIHJCSIfCHdqKdWNZ2VX3kErpyna9GygROwBk-rqWWMFxJC3pw",
  "value": [
    {
      "displayName": "TestGroup3",
      "description": "A test group for change tracking",
      "id": "2e5807ce-58f3-4a94-9b37-ffff2e085957",
      "members@delta": [
        {
          "@odata.type": "#microsoft.graph.user",
          "id": "632f6bb2-3ec8-4c1f-9073-0027a8c6859",
          "@removed": {
            "reason": "deleted"
          }
        },
        {
          "@odata.type": "#microsoft.graph.user",
          "id": "37de1ae3-408f-4702-8636-20824abda004"
        }
      ]
    }
  ]
};
