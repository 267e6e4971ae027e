#!/bin/sh
# notify the channel
curl -s -X POST -H "Authorization: Bearer xoxb-495819205476-1503495675182-QwErFAKEtYuIoPAsDfGhJkLz" \
  https://slack.com/api/chat.postMessage -d channel=deploys -d text=done
