resource "aws_ecs_cluster" "agents" {
  name = "agents"
}
